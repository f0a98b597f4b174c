package io.tracemate.pipeline.sampling.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One entry of {@code policies} (also used for {@code and_sub_policy}, {@code drop_sub_policy} and
 * {@code composite_sub_policy}): {@code name}, {@code type} and the block named after the type, exactly as in
 * the collector. {@code ottl_condition} and {@code bytes_limiting} are read only so that they can be refused
 * with a clear message instead of an "unknown key" error.
 */
public record PolicyConfig(
    @JsonProperty("name") String name,
    @JsonProperty("type") String type,
    @JsonProperty("latency") Latency latency,
    @JsonProperty("status_code") StatusCodes statusCode,
    @JsonProperty("string_attribute") StringAttribute stringAttribute,
    @JsonProperty("numeric_attribute") NumericAttribute numericAttribute,
    @JsonProperty("boolean_attribute") BooleanAttribute booleanAttribute,
    @JsonProperty("probabilistic") Probabilistic probabilistic,
    @JsonProperty("rate_limiting") RateLimiting rateLimiting,
    @JsonProperty("span_count") SpanCount spanCount,
    @JsonProperty("trace_state") TraceState traceState,
    @JsonProperty("and") And and,
    @JsonProperty("drop") Drop drop,
    @JsonProperty("composite") Composite composite,
    @JsonProperty("ottl_condition") Object ottlCondition,
    @JsonProperty("bytes_limiting") Object bytesLimiting) {

  /** A policy with only a name and a type (e.g. always_sample). */
  public static PolicyConfig named(String name, String type) {
    return new PolicyConfig(
        name, type, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null);
  }

  /**
   * A policy of the type that {@code block} configures, as if written in YAML with that block alone: {@code
   * of("slow", Latency.of(500))} is {@code {name: slow, type: latency, latency: {threshold_ms: 500}}}.
   */
  public static PolicyConfig of(String name, Block block) {
    return new PolicyConfig(
        name,
        typeOf(block),
        block instanceof Latency latency ? latency : null,
        block instanceof StatusCodes statusCodes ? statusCodes : null,
        block instanceof StringAttribute string ? string : null,
        block instanceof NumericAttribute numeric ? numeric : null,
        block instanceof BooleanAttribute bool ? bool : null,
        block instanceof Probabilistic probabilistic ? probabilistic : null,
        block instanceof RateLimiting rateLimiting ? rateLimiting : null,
        block instanceof SpanCount spanCount ? spanCount : null,
        block instanceof TraceState traceState ? traceState : null,
        block instanceof And and ? and : null,
        block instanceof Drop drop ? drop : null,
        block instanceof Composite composite ? composite : null,
        null,
        null);
  }

  private static String typeOf(Block block) {
    return switch (block) {
      case Latency l -> "latency";
      case StatusCodes s -> "status_code";
      case StringAttribute s -> "string_attribute";
      case NumericAttribute n -> "numeric_attribute";
      case BooleanAttribute b -> "boolean_attribute";
      case Probabilistic p -> "probabilistic";
      case RateLimiting r -> "rate_limiting";
      case SpanCount s -> "span_count";
      case TraceState t -> "trace_state";
      case And a -> "and";
      case Drop d -> "drop";
      case Composite c -> "composite";
    };
  }

  /** The block of settings that a policy's {@code type} names. */
  public sealed interface Block
      permits Latency,
          StatusCodes,
          StringAttribute,
          NumericAttribute,
          BooleanAttribute,
          Probabilistic,
          RateLimiting,
          SpanCount,
          TraceState,
          And,
          Drop,
          Composite {}

  /**
   * The collector's latency policy plus Tracemate's per-service / per-operation thresholds.
   *
   * <p>Collector semantics (no {@code service}, {@code span_name} or {@code overrides}): the trace's duration
   * (latest end minus earliest start over its spans) is compared with the thresholds: sampled when
   * {@code duration >= threshold_ms}, or, with {@code upper_threshold_ms},
   * {@code threshold_ms < duration <= upper_threshold_ms}.
   *
   * <p>Extension: with {@code service} and/or {@code span_name} the policy looks only at matching spans and
   * compares each one's <em>own</em> duration with the thresholds ("500 ms for this endpoint"). Each entry of
   * {@code overrides} is such a filtered rule of its own ({@code service}, {@code span_name},
   * {@code threshold_ms}, {@code upper_threshold_ms}); the policy samples a trace when its top-level rule or
   * any override matches. {@code threshold_ms} may be omitted at the top level when {@code overrides} are
   * given, to use only the overrides. Overrides add reasons to keep a trace; to keep an endpoint's traces
   * only above a higher threshold, combine with a {@code drop} policy.
   */
  public record Latency(
      @JsonProperty("threshold_ms") Long thresholdMs,
      @JsonProperty("upper_threshold_ms") Long upperThresholdMs,
      @JsonProperty("service") String service,
      @JsonProperty("span_name") String spanName,
      @JsonProperty("overrides") List<LatencyOverride> overrides)
      implements Block {

    public Latency {
      overrides = TailSamplingConfig.copy(overrides);
    }

    public static Latency of(long thresholdMs) {
      return new Latency(thresholdMs, null, null, null, null);
    }
  }

  /** One per-service / per-operation latency rule; at least one of {@code service}, {@code span_name}. */
  public record LatencyOverride(
      @JsonProperty("service") String service,
      @JsonProperty("span_name") String spanName,
      @JsonProperty("threshold_ms") Long thresholdMs,
      @JsonProperty("upper_threshold_ms") Long upperThresholdMs) {}

  /** {@code status_codes}: any of ERROR, OK, UNSET. */
  public record StatusCodes(@JsonProperty("status_codes") List<String> statusCodes)
      implements Block {
    public StatusCodes {
      statusCodes = TailSamplingConfig.copy(statusCodes);
    }

    public static StatusCodes of(String... codes) {
      return new StatusCodes(List.of(codes));
    }
  }

  /**
   * Exact values, or regular expressions (Go syntax, unanchored as in the collector) with
   * {@code enabled_regex_matching}; {@code cache_max_size} bounds the per-value match cache (default 128).
   */
  public record StringAttribute(
      @JsonProperty("key") String key,
      @JsonProperty("values") List<String> values,
      @JsonProperty("enabled_regex_matching") Boolean enabledRegexMatching,
      @JsonProperty("cache_max_size") Integer cacheMaxSize,
      @JsonProperty("invert_match") Boolean invertMatch)
      implements Block {

    public StringAttribute {
      values = TailSamplingConfig.copy(values);
      enabledRegexMatching = enabledRegexMatching != null && enabledRegexMatching;
      cacheMaxSize = cacheMaxSize == null ? 0 : cacheMaxSize;
      invertMatch = invertMatch != null && invertMatch;
    }

    public static StringAttribute exact(String key, String... values) {
      return new StringAttribute(key, List.of(values), false, null, false);
    }
  }

  /** Inclusive range; a missing bound is open (at least one is required). */
  public record NumericAttribute(
      @JsonProperty("key") String key,
      @JsonProperty("min_value") Long minValue,
      @JsonProperty("max_value") Long maxValue,
      @JsonProperty("invert_match") Boolean invertMatch)
      implements Block {

    public NumericAttribute {
      invertMatch = invertMatch != null && invertMatch;
    }
  }

  public record BooleanAttribute(
      @JsonProperty("key") String key,
      @JsonProperty("value") Boolean value,
      @JsonProperty("invert_match") Boolean invertMatch)
      implements Block {

    public BooleanAttribute {
      invertMatch = invertMatch != null && invertMatch;
    }
  }

  /**
   * {@code sampling_percentage} (0 to 100) and the collector's {@code hash_salt} (also read as
   * {@code hashing_seed}). Without a salt the decision is the OpenTelemetry SDK's TraceIdRatioBased one, so
   * tail and head sampling at the same ratio agree; with a salt it is the collector's salted FNV-1a hash.
   */
  public record Probabilistic(
      @JsonProperty("hash_salt") @JsonAlias("hashing_seed") String hashSalt,
      @JsonProperty("sampling_percentage") Double samplingPercentage)
      implements Block {}

  public record RateLimiting(@JsonProperty("spans_per_second") Long spansPerSecond)
      implements Block {}

  /** Inclusive bounds on the trace's span count; {@code max_spans} 0 or missing means no upper bound. */
  public record SpanCount(
      @JsonProperty("min_spans") Integer minSpans, @JsonProperty("max_spans") Integer maxSpans)
      implements Block {}

  public record TraceState(
      @JsonProperty("key") String key, @JsonProperty("values") List<String> values)
      implements Block {
    public TraceState {
      values = TailSamplingConfig.copy(values);
    }
  }

  public record And(@JsonProperty("and_sub_policy") List<PolicyConfig> subPolicies)
      implements Block {
    public And {
      subPolicies = TailSamplingConfig.copy(subPolicies);
    }
  }

  public record Drop(@JsonProperty("drop_sub_policy") List<PolicyConfig> subPolicies)
      implements Block {
    public Drop {
      subPolicies = TailSamplingConfig.copy(subPolicies);
    }
  }

  /**
   * Sub-policies with a spans-per-second budget each: {@code percent} of {@code max_total_spans_per_second}
   * per {@code rate_allocation} entry (an entry with percent 0 gets an equal share); a sub-policy without an
   * allocation gets none, as in the collector. Sub-policies are tried in {@code policy_order}, then the
   * remaining ones in listed order; the first that samples decides, within its budget.
   */
  public record Composite(
      @JsonProperty("max_total_spans_per_second") Long maxTotalSpansPerSecond,
      @JsonProperty("policy_order") List<String> policyOrder,
      @JsonProperty("composite_sub_policy") List<PolicyConfig> subPolicies,
      @JsonProperty("rate_allocation") List<RateAllocation> rateAllocation)
      implements Block {

    public Composite {
      policyOrder = TailSamplingConfig.copy(policyOrder);
      subPolicies = TailSamplingConfig.copy(subPolicies);
      rateAllocation = TailSamplingConfig.copy(rateAllocation);
    }
  }

  public record RateAllocation(
      @JsonProperty("policy") String policy, @JsonProperty("percent") Long percent) {}
}
