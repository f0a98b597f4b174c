package io.tracemate.pipeline.sampling;

import java.util.List;

/**
 * The top-level policies and the collector's rule for combining their verdicts:
 *
 * <ol>
 *   <li>any {@code DROPPED} (a {@code drop} policy matched): not sampled;
 *   <li>any {@code INVERT_NOT_SAMPLED}: not sampled;
 *   <li>any {@code SAMPLED}: sampled;
 *   <li>any {@code INVERT_SAMPLED} and no {@code NOT_SAMPLED}: sampled;
 *   <li>otherwise not sampled.
 * </ol>
 *
 * With {@code sample_on_first_match}, evaluation stops at the first policy that samples. Per-policy verdicts
 * are counted for /metrics in the sampler's {@link PolicyVotes} (readable from any thread).
 */
final class PolicyChain {
  record NamedPolicy(String name, Policy policy) {}

  private final List<NamedPolicy> policies;
  private final boolean sampleOnFirstMatch;
  private final PolicyVotes.Votes[] votes; // by index, resolved once

  PolicyChain(List<NamedPolicy> policies, boolean sampleOnFirstMatch, PolicyVotes votes) {
    this.policies = List.copyOf(policies);
    this.sampleOnFirstMatch = sampleOnFirstMatch;
    this.votes = new PolicyVotes.Votes[this.policies.size()];
    for (int i = 0; i < this.votes.length; i++) {
      this.votes[i] = votes.of(this.policies.get(i).name());
    }
  }

  boolean sample(DecodedTrace trace) {
    boolean dropped = false;
    boolean invertNotSampled = false;
    boolean sampled = false;
    boolean invertSampled = false;
    boolean notSampled = false;
    for (int i = 0; i < policies.size(); i++) {
      Decision decision = policies.get(i).policy().evaluate(trace);
      (decision.samples() ? votes[i].sampled : votes[i].notSampled).incrementAndGet();
      switch (decision) {
        case DROPPED -> dropped = true;
        case INVERT_NOT_SAMPLED -> invertNotSampled = true;
        case SAMPLED -> sampled = true;
        case INVERT_SAMPLED -> invertSampled = true;
        case NOT_SAMPLED -> notSampled = true;
      }
      if (sampleOnFirstMatch && decision == Decision.SAMPLED) {
        break;
      }
    }
    if (dropped || invertNotSampled) {
      return false;
    }
    return sampled || (invertSampled && !notSampled);
  }

  List<String> names() {
    return policies.stream().map(NamedPolicy::name).toList();
  }
}
