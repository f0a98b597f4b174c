package io.tracemate.pipeline.sampling;

import io.tracemate.model.Span;
import java.util.List;

/**
 * The latency policy: the collector's trace-duration rule and Tracemate's per-service / per-operation rules
 * on a matching span's own duration (see {@code PolicyConfig.Latency}). Sampled when any rule matches.
 */
final class LatencyPolicy implements Policy {

  /** {@code threshold <= d} without an upper bound, else {@code threshold < d <= upper}; milliseconds. */
  record Bounds(long thresholdMs, long upperThresholdMs) {
    boolean matches(long durationNanos) {
      long millis = durationNanos / 1_000_000;
      return upperThresholdMs == 0
          ? millis >= thresholdMs
          : thresholdMs < millis && millis <= upperThresholdMs;
    }
  }

  /** A rule on the own duration of spans of {@code service} (null: any) named {@code spanName} (null: any). */
  record SpanRule(String service, String spanName, Bounds bounds) {
    boolean matches(Span span) {
      return (service == null || service.equals(span.serviceName()))
          && (spanName == null || spanName.equals(span.name()))
          && bounds.matches(span.durationNanos());
    }
  }

  private final Bounds traceRule; // null: no rule on the whole trace's duration
  private final List<SpanRule> spanRules;

  LatencyPolicy(Bounds traceRule, List<SpanRule> spanRules) {
    this.traceRule = traceRule;
    this.spanRules = List.copyOf(spanRules);
  }

  @Override
  public Decision evaluate(DecodedTrace trace) {
    long earliestStart = Long.MAX_VALUE;
    long latestEnd = Long.MIN_VALUE;
    for (Span span : trace.spans()) {
      earliestStart = Math.min(earliestStart, span.startEpochNanos());
      latestEnd = Math.max(latestEnd, span.endEpochNanos());
      for (SpanRule rule : spanRules) {
        if (rule.matches(span)) {
          return Decision.SAMPLED;
        }
      }
    }
    if (traceRule != null
        && !trace.spans().isEmpty()
        && traceRule.matches(Math.max(0, latestEnd - earliestStart))) {
      return Decision.SAMPLED;
    }
    return Decision.NOT_SAMPLED;
  }
}
