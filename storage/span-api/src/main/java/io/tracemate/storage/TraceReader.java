package io.tracemate.storage;

import io.tracemate.common.Cancellation;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.util.List;
import java.util.Optional;

/** Reads traces back. Thread-safe; results are immutable and owned by the caller. */
public interface TraceReader {

  /**
   * Every stored span of one trace, each distinct span once, ordered by start time.
   *
   * @return empty when no span of that trace is stored
   */
  Optional<Trace> trace(TraceId traceId);

  /**
   * Traces with at least one span matching every criterion of the query, at most {@link TraceQuery#limit()} of
   * them, each whole, in the query's {@link TraceQuery#order()}: by the start time of their newest matching span,
   * newest first (the default), or by the duration of their longest matching span, longest first.
   */
  List<Trace> findTraces(TraceQuery query);

  /**
   * {@link #findTraces(TraceQuery)} for a search that may stop: a backend checks {@code cancellation} while it
   * searches and loads (per page, per block of documents), so a search whose client went away or timed out stops.
   * Backends whose every call is short may leave the default, which checks once.
   *
   * @throws io.tracemate.common.CancelledException once the search should stop
   */
  default List<Trace> findTraces(TraceQuery query, Cancellation cancellation) {
    cancellation.check();
    return findTraces(query);
  }

  /** {@link #trace(TraceId)} for a read that may stop (a very large trace), like the search above. */
  default Optional<Trace> trace(TraceId traceId, Cancellation cancellation) {
    cancellation.check();
    return trace(traceId);
  }

  /** Names of services that have spans stored, sorted. */
  List<String> serviceNames();

  /**
   * Distinct (span name, span kind) pairs of one service, sorted by name then kind.
   *
   * @param spanKind only this kind, or all kinds when null
   */
  List<Operation> operations(String serviceName, io.tracemate.model.SpanKind spanKind);
}
