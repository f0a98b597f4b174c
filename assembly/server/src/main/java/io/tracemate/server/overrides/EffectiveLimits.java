package io.tracemate.server.overrides;

import com.fasterxml.jackson.annotation.JsonValue;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.receivers.TenantSpanRates;
import io.tracemate.receivers.logs.LogLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits in force for one tenant under the names of the overrides file (Loki's, and ours for spans), as
 * {@code GET /runtime_config} shows them and the audit log compares them. Values as Loki prints them: sizes in MB as
 * numbers, durations in Prometheus' form, 0 for "no limit" (for {@code metrics_generator_max_active_series}, as in
 * Tempo: the configured bounds). Stateless.
 */
final class EffectiveLimits {
  private EffectiveLimits() {}

  /** Every key the overrides file may set, with its value in force; insertion order is the file's key order. */
  static Map<String, Object> of(
      LogLimits logs,
      EngineLimits query,
      TenantSpanRates.SpanRate spans,
      Duration logRetention,
      Duration spanRetention,
      int maxActiveSeries,
      TailSamplingConfig tailSampling) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("ingestion_rate_mb", logs.ingestionRateMb());
    values.put("ingestion_burst_size_mb", logs.ingestionBurstSizeMb());
    values.put("per_stream_rate_limit", logs.perStreamRateLimitBytes());
    values.put("per_stream_rate_limit_burst", logs.perStreamRateLimitBurstBytes());
    values.put("max_line_size", logs.maxLineSizeBytes());
    values.put("max_label_names_per_series", logs.maxLabelNamesPerSeries());
    values.put("max_streams_per_user", logs.maxStreamsPerUser());
    values.put("max_global_streams_per_user", logs.maxGlobalStreamsPerUser());
    values.put(
        "max_query_length",
        query.maxRange().equals(EngineLimits.UNLIMITED_RANGE) ? "0s" : duration(query.maxRange()));
    values.put("max_query_lookback", duration(query.maxLookback()));
    values.put(
        "max_entries_limit_per_query",
        query.maxEntries() == Integer.MAX_VALUE ? 0 : query.maxEntries());
    values.put("max_query_series", query.maxSeries() == Integer.MAX_VALUE ? 0 : query.maxSeries());
    values.put("query_timeout", duration(query.timeout()));
    values.put("max_query_parallelism", query.parallelism());
    values.put("ingestion_rate_spans", spans == null ? 0 : spans.perSecond());
    values.put("ingestion_burst_spans", spans == null ? 0 : spans.burst());
    values.put(
        "retention_period",
        logRetention.equals(TenantOverrides.KEEP_FOREVER) ? "0s" : duration(logRetention));
    values.put("block_retention", duration(spanRetention));
    values.put("metrics_generator_max_active_series", maxActiveSeries);
    values.put("tail_sampling", new TailSamplingInForce(tailSampling));
    return values;
  }

  /** The entries of {@code values} that differ from {@code defaults}. */
  static Map<String, Object> diff(Map<String, Object> values, Map<String, Object> defaults) {
    Map<String, Object> changed = new LinkedHashMap<>();
    values.forEach(
        (key, value) -> {
          if (!value.equals(defaults.get(key))) {
            changed.put(key, value);
          }
        });
    return changed;
  }

  /**
   * The {@code tail_sampling} settings in force, equal when the blocks are (so a changed policy is a changed key) and
   * shown in brief: the decision wait, {@code num_traces} and the policies' names ({@code none} without sampling).
   */
  record TailSamplingInForce(TailSamplingConfig config) {
    @JsonValue
    public Object shown() {
      if (config == null) {
        return "none";
      }
      Map<String, Object> brief = new LinkedHashMap<>();
      brief.put("decision_wait", duration(config.decisionWait()));
      brief.put("num_traces", config.numTraces());
      brief.put(
          "policies", config.policies().stream().map(p -> p == null ? "" : p.name()).toList());
      return brief;
    }
  }

  private static String duration(Duration duration) {
    return duration.isZero() ? "0s" : PrometheusDuration.format(duration);
  }
}
