package io.tracemate.receivers.logs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One tenant's overrides of the log ingest limits, as Loki's runtime configuration names them ({@code overrides:
 * {<tenant>: {ingestion_rate_mb: 8, ...}}}); an absent key keeps the configured limit. Sizes as in
 * {@link LogLimits} ({@code 256KB}, {@code 3MiB} or bytes). Every value is checked when the file is read, so a
 * bad one refuses the whole file.
 *
 * @param ingestionRateMb {@code ingestion_rate_mb}
 * @param ingestionBurstSizeMb {@code ingestion_burst_size_mb}
 * @param perStreamRateLimitBytes {@code per_stream_rate_limit}
 * @param perStreamRateLimitBurstBytes {@code per_stream_rate_limit_burst}
 * @param maxLineSizeBytes {@code max_line_size} (0 = unlimited)
 * @param maxLabelNamesPerSeries {@code max_label_names_per_series}
 * @param maxStreamsPerUser {@code max_streams_per_user}
 * @param maxGlobalStreamsPerUser {@code max_global_streams_per_user}
 */
public record LogLimitOverrides(
    Double ingestionRateMb,
    Double ingestionBurstSizeMb,
    Long perStreamRateLimitBytes,
    Long perStreamRateLimitBurstBytes,
    Long maxLineSizeBytes,
    Integer maxLabelNamesPerSeries,
    Integer maxStreamsPerUser,
    Integer maxGlobalStreamsPerUser) {

  public static final LogLimitOverrides NONE =
      new LogLimitOverrides(null, null, null, null, null, null, null, null);

  @JsonCreator
  public static LogLimitOverrides fromConfig(
      @JsonProperty("ingestion_rate_mb") Double ingestionRateMb,
      @JsonProperty("ingestion_burst_size_mb") Double ingestionBurstSizeMb,
      @JsonProperty("per_stream_rate_limit") String perStreamRateLimit,
      @JsonProperty("per_stream_rate_limit_burst") String perStreamRateLimitBurst,
      @JsonProperty("max_line_size") String maxLineSize,
      @JsonProperty("max_label_names_per_series") Integer maxLabelNamesPerSeries,
      @JsonProperty("max_streams_per_user") Integer maxStreamsPerUser,
      @JsonProperty("max_global_streams_per_user") Integer maxGlobalStreamsPerUser) {
    LogLimitOverrides overrides =
        new LogLimitOverrides(
            ingestionRateMb,
            ingestionBurstSizeMb,
            perStreamRateLimit == null
                ? null
                : ConfigValues.bytes("per_stream_rate_limit", perStreamRateLimit),
            perStreamRateLimitBurst == null
                ? null
                : ConfigValues.bytes("per_stream_rate_limit_burst", perStreamRateLimitBurst),
            maxLineSize == null ? null : ConfigValues.bytes("max_line_size", maxLineSize),
            maxLabelNamesPerSeries,
            maxStreamsPerUser,
            maxGlobalStreamsPerUser);
    overrides.applyTo(LogLimits.DEFAULTS); // refuses what LogLimits refuses, naming the key
    return overrides;
  }

  /** {@code base} with these overrides. */
  public LogLimits applyTo(LogLimits base) {
    return new LogLimits(
        or(ingestionRateMb, base.ingestionRateMb()),
        or(ingestionBurstSizeMb, base.ingestionBurstSizeMb()),
        or(perStreamRateLimitBytes, base.perStreamRateLimitBytes()),
        or(perStreamRateLimitBurstBytes, base.perStreamRateLimitBurstBytes()),
        or(maxLabelNamesPerSeries, base.maxLabelNamesPerSeries()),
        base.maxLabelNameLength(),
        base.maxLabelValueLength(),
        or(maxLineSizeBytes, base.maxLineSizeBytes()),
        base.maxLineSizeTruncate(),
        base.rejectOldSamples(),
        base.rejectOldSamplesMaxAge(),
        base.outOfOrderTimeWindow(),
        base.creationGracePeriod(),
        base.cardinalityThreshold(),
        base.cardinalityWindow(),
        or(maxStreamsPerUser, base.maxStreamsPerUser()),
        or(maxGlobalStreamsPerUser, base.maxGlobalStreamsPerUser()),
        base.streamIdlePeriod());
  }

  private static <T> T or(T override, T base) {
    return override != null ? override : base;
  }
}
