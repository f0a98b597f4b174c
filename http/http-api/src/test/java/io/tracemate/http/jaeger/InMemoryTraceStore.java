package io.tracemate.http.jaeger;

import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.memory.InMemoryStorage;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
    storage.spanWriter().write(more);
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
  public Optional<Trace> trace(TraceId traceId) {
    maybeFail();
    return storage.traceReader().trace(traceId);
  }

  @Override
  public List<Trace> findTraces(TraceQuery query) {
    maybeFail();
    lastQuery.set(query);
    return storage.traceReader().findTraces(query);
  }

  @Override
  public List<String> serviceNames() {
    maybeFail();
    return storage.traceReader().serviceNames();
  }

  @Override
  public List<Operation> operations(String serviceName, SpanKind spanKind) {
    maybeFail();
    return storage.traceReader().operations(serviceName, spanKind);
  }

  @Override
  public List<DependencyLink> dependencies(Instant start, Instant end) {
    maybeFail();
    lastDependencyWindow.set(new Instant[] {start, end});
    return storage.dependencyReader().dependencies(start, end);
  }
}
