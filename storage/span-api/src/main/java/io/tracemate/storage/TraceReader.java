package io.tracemate.storage;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import java.util.List;

/**
 * Reads traces back. Every read names the {@link TenantScope} it covers and sees only spans written for those
 * tenants; a backend applies the scope in one place, so no read can leave it out. A trace belongs to one tenant
 * ({@link TenantTrace}): spans with one trace ID written for two tenants are two traces. Thread-safe; results are
 * immutable and owned by the caller.
 */
public interface TraceReader {

  /**
   * Every stored span of one trace, each distinct span once, ordered by start time: one {@link TenantTrace} per
   * tenant of the scope that holds spans of that ID, in tenant order.
   *
   * @return empty when no tenant of the scope holds a span of that trace
   */
  List<TenantTrace> trace(TenantScope scope, TraceId traceId);

  /**
   * Traces of the scope's tenants with at least one span matching every criterion of the query, at most
   * {@link TraceQuery#limit()} of them in all, each whole, in the query's {@link TraceQuery#order()}: by the start
   * time of their newest matching span, newest first (the default), or by the duration of their longest matching
   * span, longest first.
   */
  List<TenantTrace> findTraces(TenantScope scope, TraceQuery query);

  /**
   * {@link #findTraces(TenantScope, TraceQuery)} for a search that may stop: a backend checks {@code cancellation}
   * while it searches and loads (per page, per block of documents), so a search whose client went away or timed
   * out stops. Backends whose every call is short may leave the default, which checks once.
   *
   * @throws io.tracemate.common.CancelledException once the search should stop
   */
  default List<TenantTrace> findTraces(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    cancellation.check();
    return findTraces(scope, query);
  }

  /**
   * One {@link TraceSummary} for each trace {@link #findTraces(TenantScope, TraceQuery, Cancellation)} would
   * return, in the same order, each naming its tenant: what a search result list shows, where the whole traces are
   * not needed. The default summarizes the whole traces; a backend that can summarize from its index without
   * loading every span overrides it, and its summaries must equal {@link TraceSummary#of} of the traces it would
   * have returned.
   *
   * @throws io.tracemate.common.CancelledException once the search should stop
   */
  default List<TraceSummary> findTraceSummaries(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    return findTraces(scope, query, cancellation).stream().map(TraceSummary::of).toList();
  }

  /** {@link #trace(TenantScope, TraceId)} for a read that may stop (a very large trace), like the search above. */
  default List<TenantTrace> trace(TenantScope scope, TraceId traceId, Cancellation cancellation) {
    cancellation.check();
    return trace(scope, traceId);
  }

  /** Names of services that have spans stored for the scope's tenants, sorted. */
  List<String> serviceNames(TenantScope scope);

  /**
   * Distinct (span name, span kind) pairs of one service among the scope's tenants, sorted by name then kind.
   *
   * @param spanKind only this kind, or all kinds when null
   */
  List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind);
}
