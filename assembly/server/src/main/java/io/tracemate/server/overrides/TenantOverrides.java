package io.tracemate.server.overrides;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.logql.engine.QueryLimitOverrides;
import io.tracemate.receivers.TenantSpanRates;
import io.tracemate.receivers.logs.LogLimitOverrides;
import java.util.Objects;

/**
 * One tenant's block of the runtime overrides file, Loki's {@code limits_config} keys (and ours for spans): each
 * group of keys goes to the component that enforces it. An absent key keeps the configured value. Immutable.
 *
 * @param logs log ingest limits ({@code ingestion_rate_mb}, {@code max_line_size}, ...)
 * @param query query limits ({@code max_query_length}, {@code max_entries_limit_per_query}, ...)
 * @param spanRate span ingest rate ({@code ingestion_rate_spans}, {@code ingestion_burst_spans}, ours: Loki has
 *     no spans), or null for none (the default)
 */
public record TenantOverrides(
    LogLimitOverrides logs, QueryLimitOverrides query, TenantSpanRates.SpanRate spanRate) {
  public static final TenantOverrides NONE =
      new TenantOverrides(LogLimitOverrides.NONE, QueryLimitOverrides.NONE, null);

  public TenantOverrides {
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(query, "query");
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
      @JsonProperty("ingestion_burst_spans") Long ingestionBurstSpans) {
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
                ingestionBurstSpans == null ? ingestionRateSpans : ingestionBurstSpans));
  }
}
