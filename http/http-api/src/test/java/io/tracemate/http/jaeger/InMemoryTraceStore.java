package io.tracemate.http.jaeger;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.memory.InMemoryStorage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-memory reference store ({@link InMemoryStorage}, which passes the storage contract suite) behind the read
 * SPIs the API uses, recording the last query and dependency window it was asked, so tests can check how HTTP
 * parameters were translated, and failing on demand.
 */
final class InMemoryTraceStore implements TraceReader, DependencyReader {
  private final InMemoryStorage storage = new InMemoryStorage();
  private final AtomicReference<StorageException> failure = new AtomicReference<>();
  final AtomicReference<TraceQuery> lastQuery = new AtomicReference<>();
  final AtomicReference<Instant[]> lastDependencyWindow = new AtomicReference<>();

  void add(List<Span> more) {
    add(TenantId.DEFAULT, more);
  }

  void add(TenantId tenant, List<Span> more) {
    storage.spanWriter().write(tenant, more);
  }

  void clear() {
    storage.clear();
    failure.set(null);
    lastQuery.set(null);
    lastDependencyWindow.set(null);
  }

  /** Every later call throws this until {@link #clear()}. */
  void failWith(StorageException e) {
    failure.set(e);
  }

  private void maybeFail() {
    StorageException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    maybeFail();
    return storage.traceReader().trace(scope, traceId);
  }

  @Override
  public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
    maybeFail();
    lastQuery.set(query);
    return storage.traceReader().findTraces(scope, query);
  }

  @Override
  public List<String> serviceNames(TenantScope scope) {
    maybeFail();
    return storage.traceReader().serviceNames(scope);
  }

  @Override
  public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
    maybeFail();
    return storage.traceReader().operations(scope, serviceName, spanKind);
  }

  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    maybeFail();
    lastDependencyWindow.set(new Instant[] {start, end});
    return storage.dependencyReader().dependencies(scope, start, end);
  }
}
