package io.tracemate.storage;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.util.List;
import java.util.Objects;

/**
 * One tenant's trace: the spans stored for that tenant under one trace ID. Tenants never share a trace: spans with
 * the same trace ID sent for two tenants are two traces, one per tenant, so a cross-tenant read says for each trace
 * whose it is.
 *
 * <p>Immutable.
 *
 * @param tenant whose spans these are
 * @param trace the spans, ordered by start time
 */
public record TenantTrace(TenantId tenant, Trace trace) {

  public TenantTrace {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(trace, "trace");
  }

  public TraceId traceId() {
    return trace.traceId();
  }

  public List<Span> spans() {
    return trace.spans();
  }
}
