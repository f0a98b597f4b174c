package io.tracemate.pipeline.sampling;

import java.util.HashMap;
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

  /** Nothing yet. */
  public static final TailSamplingStats NONE =
      new TailSamplingStats(0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

  /** These counters and {@code other}'s added up (several tenants' samplers). */
  public TailSamplingStats plus(TailSamplingStats other) {
    Map<String, PolicyDecisions> policies = new HashMap<>(decisionsByPolicy);
    other.decisionsByPolicy.forEach(
        (policy, votes) ->
            policies.merge(
                policy,
                votes,
                (a, b) -> new PolicyDecisions(a.sampled + b.sampled, a.notSampled + b.notSampled)));
    return new TailSamplingStats(
        spansIn + other.spansIn,
        spansOut + other.spansOut,
        spansDropped + other.spansDropped,
        tracesInMemory + other.tracesInMemory,
        spansInMemory + other.spansInMemory,
        lateSpans + other.lateSpans,
        forcedDecisions + other.forcedDecisions,
        tracesSampled + other.tracesSampled,
        tracesNotSampled + other.tracesNotSampled,
        policies);
  }

  /** A policy's verdicts: {@code sampled} counts SAMPLED and INVERT_SAMPLED, {@code notSampled} the rest. */
  public record PolicyDecisions(long sampled, long notSampled) {}
}
