package io.tracemate.pipeline.sampling;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One sampler's count of each top-level policy's verdicts, by policy name, for /metrics. The policy chains a sampler
 * has used since a reload share it, so a policy kept by a changed block keeps counting where it was; the names no
 * chain in use has any more are dropped ({@link #retainOnly}), which bounds the series to the policies configured.
 * Written by the sampler's thread, read from any thread.
 */
final class PolicyVotes {
  /** A policy's verdicts: {@code sampled} counts SAMPLED and INVERT_SAMPLED, {@code notSampled} the rest. */
  static final class Votes {
    final AtomicLong sampled = new AtomicLong();
    final AtomicLong notSampled = new AtomicLong();
  }

  private final ConcurrentHashMap<String, Votes> byName = new ConcurrentHashMap<>();

  /** The counters of the policy {@code name}, made on first use. */
  Votes of(String name) {
    return byName.computeIfAbsent(name, n -> new Votes());
  }

  /** Forgets the policies not named in {@code names} (no chain in use has them). */
  void retainOnly(Set<String> names) {
    byName.keySet().retainAll(names);
  }

  /** Every policy's verdicts so far, by name. */
  Map<String, TailSamplingStats.PolicyDecisions> snapshot() {
    Map<String, TailSamplingStats.PolicyDecisions> out = new TreeMap<>();
    byName.forEach(
        (name, votes) ->
            out.put(
                name,
                new TailSamplingStats.PolicyDecisions(
                    votes.sampled.get(), votes.notSampled.get())));
    return out;
  }
}
