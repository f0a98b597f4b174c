package io.tracemate.spanmetrics.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The collector's {@code histogram} block. Only explicit buckets are supported ({@code exponential} is refused
 * when the config is validated).
 *
 * @param unit {@code ms} (default) or {@code s}: the unit of the duration histogram and of its bucket bounds
 * @param explicit {@code {buckets: [2ms, 4ms, ...]}}; default the collector's 16 buckets from 2 ms to 15 s
 * @param disable true to expose no duration histogram (calls and the internal series stay)
 * @param exponential present only to refuse it clearly
 */
public record HistogramConfig(
    @JsonProperty("unit") String unit,
    @JsonProperty("explicit") ExplicitBuckets explicit,
    @JsonProperty("disable") Boolean disable,
    @JsonProperty("exponential") Map<String, Object> exponential) {

  /** {@code explicit: {buckets: [...]}}: bucket upper bounds as durations. */
  public record ExplicitBuckets(@JsonProperty("buckets") List<String> buckets) {}

  public static HistogramConfig explicit(String unit, String... buckets) {
    return new HistogramConfig(unit, new ExplicitBuckets(List.of(buckets)), null, null);
  }
}
