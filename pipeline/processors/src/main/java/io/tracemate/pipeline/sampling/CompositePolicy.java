package io.tracemate.pipeline.sampling;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The collector's {@code composite}: sub-policies tried in order; the first that samples decides, and the
 * trace is kept only if the spans that sub-policy kept this second plus the trace's fit both the sub-policy's
 * allocation and {@code max_total_spans_per_second} (as in the collector, the total bound is checked against
 * the sub-policy's own count). Budgets restart at each whole second of the clock. A trace over budget is not
 * sampled and does not use up budget, so a smaller trace may still fit.
 */
final class CompositePolicy implements Policy {

  static final class SubPolicy {
    final Policy policy;
    final long allocatedSpansPerSecond;
    long spansThisSecond;

    SubPolicy(Policy policy, long allocatedSpansPerSecond) {
      this.policy = policy;
      this.allocatedSpansPerSecond = allocatedSpansPerSecond;
    }
  }

  private final List<SubPolicy> subPolicies;
  private final long maxTotalSpansPerSecond;
  private final LongSupplier nanoClock;
  private long currentSecond = Long.MIN_VALUE;

  CompositePolicy(
      List<SubPolicy> subPolicies, long maxTotalSpansPerSecond, LongSupplier nanoClock) {
    this.subPolicies = List.copyOf(subPolicies);
    this.maxTotalSpansPerSecond = maxTotalSpansPerSecond;
    this.nanoClock = nanoClock;
  }

  @Override
  public Decision evaluate(DecodedTrace trace) {
    long second = Math.floorDiv(nanoClock.getAsLong(), 1_000_000_000L);
    if (second != currentSecond) {
      currentSecond = second;
      for (SubPolicy sub : subPolicies) {
        sub.spansThisSecond = 0;
      }
    }
    for (SubPolicy sub : subPolicies) {
      if (sub.policy.evaluate(trace).samples()) {
        long ifSampled = sub.spansThisSecond + trace.spanCount();
        if (ifSampled <= sub.allocatedSpansPerSecond && ifSampled <= maxTotalSpansPerSecond) {
          sub.spansThisSecond = ifSampled;
          return Decision.SAMPLED;
        }
        return Decision.NOT_SAMPLED;
      }
    }
    return Decision.NOT_SAMPLED;
  }
}
