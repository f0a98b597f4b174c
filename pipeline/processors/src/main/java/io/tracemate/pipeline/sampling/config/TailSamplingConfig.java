package io.tracemate.pipeline.sampling.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.pipeline.config.ProcessorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code tail_sampling} block, with the OpenTelemetry Collector contrib processor's keys so that a block
 * pasted from a collector configuration reads unchanged. Missing keys take the collector's defaults:
 *
 * <ul>
 *   <li>{@code decision_wait}: 30s, measured from the arrival of a trace's first span.
 *   <li>{@code num_traces}: 50000 undecided traces in memory; beyond it the oldest are decided early.
 *   <li>{@code expected_new_traces_per_sec}: 0 (only sizes the initial hash table).
 *   <li>{@code decision_cache}: both sizes 0, which here means "as many as {@code num_traces}" (see
 *       {@link DecisionCacheConfig}).
 *   <li>{@code sample_on_first_match}: false.
 *   <li>{@code policies}: required, at least one.
 * </ul>
 *
 * <p>The record only holds what was written; validation, with the YAML path of every problem, happens in
 * {@code TailSampler.create}.
 */
public record TailSamplingConfig(
    @JsonProperty("decision_wait") Duration decisionWait,
    @JsonProperty("num_traces") Integer numTraces,
    @JsonProperty("expected_new_traces_per_sec") Integer expectedNewTracesPerSec,
    @JsonProperty("decision_cache") DecisionCacheConfig decisionCache,
    @JsonProperty("sample_on_first_match") Boolean sampleOnFirstMatch,
    @JsonProperty("policies") List<PolicyConfig> policies)
    implements ProcessorConfig {

  public static final Duration DEFAULT_DECISION_WAIT = Duration.ofSeconds(30);
  public static final int DEFAULT_NUM_TRACES = 50_000;

  public TailSamplingConfig {
    decisionWait = decisionWait == null ? DEFAULT_DECISION_WAIT : decisionWait;
    numTraces = numTraces == null ? DEFAULT_NUM_TRACES : numTraces;
    expectedNewTracesPerSec = expectedNewTracesPerSec == null ? 0 : expectedNewTracesPerSec;
    decisionCache = decisionCache == null ? new DecisionCacheConfig(0, 0) : decisionCache;
    sampleOnFirstMatch = sampleOnFirstMatch != null && sampleOnFirstMatch;
    policies = copy(policies);
  }

  /** Defaults everywhere, with these policies. */
  public static TailSamplingConfig of(
      Duration decisionWait, int numTraces, List<PolicyConfig> policies) {
    return new TailSamplingConfig(decisionWait, numTraces, null, null, null, policies);
  }

  /** An unmodifiable copy that keeps null elements so validation can name them. */
  static <T> List<T> copy(List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }
}
