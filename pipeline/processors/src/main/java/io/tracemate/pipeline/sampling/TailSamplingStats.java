package io.tracemate.pipeline.sampling;

import java.util.Map;

/**
 * Counters since start, for /metrics.
 *
 * @param spansIn spans offered
 * @param spansOut spans handed downstream (kept)
 * @param spansDropped spans of traces decided not sampled, late ones included
 * @param tracesInMemory undecided traces buffered now
 * @param spansInMemory spans of those traces
 * @param lateSpans spans that arrived after their trace was decided and followed the cached decision
 * @param forcedDecisions traces decided before their decision_wait because num_traces was exceeded
 * @param tracesSampled traces kept
 * @param tracesNotSampled traces dropped
 * @param decisionsByPolicy per top-level policy name, how often it voted to sample or not
 */
public record TailSamplingStats(
    long spansIn,
    long spansOut,
    long spansDropped,
    long tracesInMemory,
    long spansInMemory,
    long lateSpans,
    long forcedDecisions,
    long tracesSampled,
    long tracesNotSampled,
    Map<String, PolicyDecisions> decisionsByPolicy) {

  public TailSamplingStats {
    decisionsByPolicy = Map.copyOf(decisionsByPolicy);
  }

  /** A policy's verdicts: {@code sampled} counts SAMPLED and INVERT_SAMPLED, {@code notSampled} the rest. */
  public record PolicyDecisions(long sampled, long notSampled) {}
}
