package io.tracemate.storage.tck;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.TraceSummary;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TraceReader} read as one tenant, in the shape the contracts that are not about tenants use: a trace by ID
 * is one trace or none, searches return traces. It checks on every answer that each trace (and each trace summary)
 * says that tenant, so every contract also checks that results carry their tenant.
 *
 * <p>Immutable; thread-safe as its reader.
 */
public final class SingleTenantReader {
  private final TraceReader reader;
  private final TenantId tenant;
  private final TenantScope scope;

  public SingleTenantReader(TraceReader reader, TenantId tenant) {
    this.reader = reader;
    this.tenant = tenant;
    this.scope = TenantScope.of(tenant);
  }

  public Optional<Trace> trace(TraceId traceId) {
    return one(reader.trace(scope, traceId));
  }

  public Optional<Trace> trace(TraceId traceId, Cancellation cancellation) {
    return one(reader.trace(scope, traceId, cancellation));
  }

  public List<Trace> findTraces(TraceQuery query) {
    return traces(reader.findTraces(scope, query));
  }

  public List<Trace> findTraces(TraceQuery query, Cancellation cancellation) {
    return traces(reader.findTraces(scope, query, cancellation));
  }

  public List<TraceSummary> findTraceSummaries(TraceQuery query, Cancellation cancellation) {
    List<TraceSummary> found = reader.findTraceSummaries(scope, query, cancellation);
    for (TraceSummary summary : found) {
      checkTenant(summary.tenant(), summary.traceId());
    }
    return found;
  }

  public List<String> serviceNames() {
    return reader.serviceNames(scope);
  }

  public List<Operation> operations(String serviceName, SpanKind spanKind) {
    return reader.operations(scope, serviceName, spanKind);
  }

  private Optional<Trace> one(List<TenantTrace> found) {
    if (found.size() > 1) {
      throw new AssertionError(
          "one tenant's read returned " + found.size() + " traces of one ID: " + found);
    }
    return traces(found).stream().findFirst();
  }

  private List<Trace> traces(List<TenantTrace> found) {
    for (TenantTrace trace : found) {
      checkTenant(trace.tenant(), trace.traceId());
    }
    return found.stream().map(TenantTrace::trace).toList();
  }

  private void checkTenant(TenantId found, TraceId traceId) {
    if (!found.equals(tenant)) {
      throw new AssertionError(
          "a read as tenant " + tenant + " returned trace " + traceId + " of tenant " + found);
    }
  }
}
