package io.tracemate.server.overrides;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.logql.engine.QueryLimitOverrides;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.receivers.TenantSpanRates;
import io.tracemate.receivers.logs.LogLimitOverrides;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One tenant's block of the runtime overrides file, Loki's {@code limits_config} keys (and ours for spans): each
 * group of keys goes to the component that enforces it. An absent key keeps the configured value. Immutable.
 *
 * @param logs log ingest limits ({@code ingestion_rate_mb}, {@code max_line_size}, ...)
 * @param query query limits ({@code max_query_length}, {@code max_entries_limit_per_query}, ...)
 * @param spanRate span ingest rate ({@code ingestion_rate_spans}, {@code ingestion_burst_spans}, ours: Loki has
 *     no spans), or null for none (the default)
 * @param logRetention Loki's {@code retention_period}: how long the tenant's log lines are kept; {@link
 *     #KEEP_FOREVER} for Loki's 0 ("retention disabled"); null for {@code logs.retention}
 * @param spanRetention Tempo's {@code block_retention}: how long the tenant's spans are kept; null (also for Tempo's
 *     0, "use the global value") for {@code storage.retention}
 * @param maxActiveSeries Tempo's {@code metrics_generator_max_active_series}: the tenant's bound on span metrics
 *     series (both {@code aggregation_cardinality_limit} and {@code red_series.max_series}) and on its service graph's
 *     edges ({@code max_edges}); 0 (Tempo's "no per-tenant limit") for the configured bounds
 * @param tailSampling the tenant's own {@code tail_sampling} block (the collector's keys, as under {@code
 *     pipeline.processors}), checked at load as the pipeline's; null for the pipeline's
 */
public record TenantOverrides(
    LogLimitOverrides logs,
    QueryLimitOverrides query,
    TenantSpanRates.SpanRate spanRate,
    Duration logRetention,
    Duration spanRetention,
    int maxActiveSeries,
    TailSamplingConfig tailSampling) {
  /** Loki's {@code retention_period: 0}: the tenant's log lines are never deleted by retention. */
  public static final Duration KEEP_FOREVER = ChronoUnit.FOREVER.getDuration();

  public static final TenantOverrides NONE =
      new TenantOverrides(
          LogLimitOverrides.NONE, QueryLimitOverrides.NONE, null, null, null, 0, null);

  public TenantOverrides {
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(query, "query");
    if (maxActiveSeries < 0) {
      throw new IllegalArgumentException(
          "metrics_generator_max_active_series: must not be negative, got " + maxActiveSeries);
    }
  }

  /** The block as written in the file; a bad value throws naming its key (the loader adds file and line). */
  @JsonCreator
  public static TenantOverrides fromConfig(
      @JsonProperty("ingestion_rate_mb") Double ingestionRateMb,
      @JsonProperty("ingestion_burst_size_mb") Double ingestionBurstSizeMb,
      @JsonProperty("per_stream_rate_limit") String perStreamRateLimit,
      @JsonProperty("per_stream_rate_limit_burst") String perStreamRateLimitBurst,
      @JsonProperty("max_line_size") String maxLineSize,
      @JsonProperty("max_label_names_per_series") Integer maxLabelNamesPerSeries,
      @JsonProperty("max_streams_per_user") Integer maxStreamsPerUser,
      @JsonProperty("max_global_streams_per_user") Integer maxGlobalStreamsPerUser,
      @JsonProperty("max_query_length") String maxQueryLength,
      @JsonProperty("max_query_lookback") String maxQueryLookback,
      @JsonProperty("max_entries_limit_per_query") Integer maxEntriesLimitPerQuery,
      @JsonProperty("max_query_series") Integer maxQuerySeries,
      @JsonProperty("query_timeout") String queryTimeout,
      @JsonProperty("max_query_parallelism") Integer maxQueryParallelism,
      @JsonProperty("ingestion_rate_spans") Long ingestionRateSpans,
      @JsonProperty("ingestion_burst_spans") Long ingestionBurstSpans,
      @JsonProperty("retention_period") String retentionPeriod,
      @JsonProperty("block_retention") String blockRetention,
      @JsonProperty("metrics_generator_max_active_series") Integer maxActiveSeries,
      @JsonProperty("tail_sampling") @JsonDeserialize(using = TailSamplingBlock.class)
          TailSamplingConfig tailSampling) {
    if (ingestionBurstSpans != null && ingestionRateSpans == null) {
      throw new IllegalArgumentException("ingestion_burst_spans needs ingestion_rate_spans");
    }
    return new TenantOverrides(
        LogLimitOverrides.fromConfig(
            ingestionRateMb,
            ingestionBurstSizeMb,
            perStreamRateLimit,
            perStreamRateLimitBurst,
            maxLineSize,
            maxLabelNamesPerSeries,
            maxStreamsPerUser,
            maxGlobalStreamsPerUser),
        QueryLimitOverrides.of(
            maxQueryLength,
            maxQueryLookback,
            maxEntriesLimitPerQuery,
            maxQuerySeries,
            queryTimeout,
            maxQueryParallelism),
        ingestionRateSpans == null
            ? null
            : new TenantSpanRates.SpanRate(
                ingestionRateSpans,
                ingestionBurstSpans == null ? ingestionRateSpans : ingestionBurstSpans),
        retention("retention_period", retentionPeriod, KEEP_FOREVER),
        retention("block_retention", blockRetention, null),
        maxActiveSeries == null ? 0 : maxActiveSeries,
        tailSampling);
  }

  /** A retention as Loki and Tempo write it ({@code 744h}, {@code 31d}); {@code zero} stands for 0. */
  private static Duration retention(String key, String text, Duration zero) {
    if (text == null) {
      return null;
    }
    Duration value;
    try {
      value = text.trim().equals("0") ? Duration.ZERO : HumanDuration.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
    if (value.isNegative()) {
      throw new IllegalArgumentException(key + ": must not be negative, got " + text);
    }
    return value.isZero() ? zero : value;
  }
}
