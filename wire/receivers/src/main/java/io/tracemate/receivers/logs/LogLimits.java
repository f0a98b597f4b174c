package io.tracemate.receivers.logs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Per-tenant limits on log ingest, named and defaulted as Loki's {@code limits_config} (YAML under
 * {@code logs.limits}; every key optional):
 *
 * <table>
 *   <caption>Keys and defaults</caption>
 *   <tr><th>key</th><th>default</th><th>effect</th></tr>
 *   <tr><td>{@code ingestion_rate_mb}</td><td>4</td><td>per-tenant rate, MiB/s of line bytes; over it the whole
 *       push gets 429 with Retry-After</td></tr>
 *   <tr><td>{@code ingestion_burst_size_mb}</td><td>6</td><td>per-tenant burst, MiB</td></tr>
 *   <tr><td>{@code per_stream_rate_limit}</td><td>3MiB</td><td>per-stream rate, bytes/s; the stream's entries get
 *       429</td></tr>
 *   <tr><td>{@code per_stream_rate_limit_burst}</td><td>15MiB</td><td>per-stream burst</td></tr>
 *   <tr><td>{@code max_label_names_per_series}</td><td>15</td><td>a stream with more labels is refused (400)</td></tr>
 *   <tr><td>{@code max_label_name_length}</td><td>1024</td><td>400</td></tr>
 *   <tr><td>{@code max_label_value_length}</td><td>2048</td><td>400</td></tr>
 *   <tr><td>{@code max_line_size}</td><td>256KB (256000 bytes)</td><td>0 = unlimited; longer lines are refused
 *       (400), or truncated when {@code max_line_size_truncate}</td></tr>
 *   <tr><td>{@code max_line_size_truncate}</td><td>false</td><td></td></tr>
 *   <tr><td>{@code reject_old_samples}</td><td>true</td><td>entries older than the max age are refused (400)</td></tr>
 *   <tr><td>{@code reject_old_samples_max_age}</td><td>7d</td><td></td></tr>
 *   <tr><td>{@code out_of_order_time_window}</td><td>1h</td><td>an entry older than its stream's newest entry by
 *       more than this is refused as too far behind (400)</td></tr>
 *   <tr><td>{@code creation_grace_period}</td><td>10m</td><td>entries further in the future are refused (400)</td></tr>
 *   <tr><td>{@code cardinality_threshold}</td><td>10000</td><td>distinct values of one label name within
 *       {@code cardinality_window} that count as a cardinality explosion (reported, not refused)</td></tr>
 *   <tr><td>{@code cardinality_window}</td><td>1h</td><td></td></tr>
 *   <tr><td>{@code max_streams_per_user}</td><td>0</td><td>active streams per tenant in this process (Loki: per
 *       ingester); 0 = no limit of its own</td></tr>
 *   <tr><td>{@code max_global_streams_per_user}</td><td>5000</td><td>active streams per tenant across the
 *       cluster; in one process the same bound as the previous key. The smaller non-zero of the two applies
 *       ({@link #maxActiveStreams()}); a push's entries for new streams beyond it are refused (429, Loki's
 *       message), existing streams keep being accepted</td></tr>
 *   <tr><td>{@code stream_idle_period}</td><td>30m</td><td>a stream stops counting as active after this long
 *       without a push (Loki drops a stream once its chunks sat idle for {@code chunk_idle_period}, 30m)</td></tr>
 * </table>
 *
 * Sizes accept {@code 256KB} (1000-based), {@code 3MiB} (1024-based) or bytes; durations {@code 500ms, 30s, 10m,
 * 1h, 7d}. Invalid values fail with a message naming the key.
 */
public record LogLimits(
    double ingestionRateMb,
    double ingestionBurstSizeMb,
    long perStreamRateLimitBytes,
    long perStreamRateLimitBurstBytes,
    int maxLabelNamesPerSeries,
    int maxLabelNameLength,
    int maxLabelValueLength,
    long maxLineSizeBytes,
    boolean maxLineSizeTruncate,
    boolean rejectOldSamples,
    Duration rejectOldSamplesMaxAge,
    Duration outOfOrderTimeWindow,
    Duration creationGracePeriod,
    int cardinalityThreshold,
    Duration cardinalityWindow,
    int maxStreamsPerUser,
    int maxGlobalStreamsPerUser,
    Duration streamIdlePeriod) {

  private static final String PREFIX = "logs.limits.";
  private static final long MIB = 1024 * 1024;

  private static final int DEFAULT_MAX_STREAMS_PER_USER = 0;
  private static final int DEFAULT_MAX_GLOBAL_STREAMS_PER_USER = 5000;
  private static final Duration DEFAULT_STREAM_IDLE_PERIOD = Duration.ofMinutes(30);

  public static final LogLimits DEFAULTS =
      new LogLimits(
          4,
          6,
          3 * MIB,
          15 * MIB,
          15,
          1024,
          2048,
          256_000,
          false,
          true,
          Duration.ofDays(7),
          Duration.ofHours(1),
          Duration.ofMinutes(10),
          10_000,
          Duration.ofHours(1),
          DEFAULT_MAX_STREAMS_PER_USER,
          DEFAULT_MAX_GLOBAL_STREAMS_PER_USER,
          DEFAULT_STREAM_IDLE_PERIOD);

  public LogLimits {
    positive("ingestion_rate_mb", ingestionRateMb);
    positive("ingestion_burst_size_mb", ingestionBurstSizeMb);
    positive("per_stream_rate_limit", perStreamRateLimitBytes);
    positive("per_stream_rate_limit_burst", perStreamRateLimitBurstBytes);
    positive("max_label_names_per_series", maxLabelNamesPerSeries);
    positive("max_label_name_length", maxLabelNameLength);
    positive("max_label_value_length", maxLabelValueLength);
    positive("cardinality_threshold", cardinalityThreshold);
    if (maxLineSizeBytes < 0) {
      throw new IllegalArgumentException(
          PREFIX + "max_line_size must not be negative, got " + maxLineSizeBytes);
    }
    notNegative("reject_old_samples_max_age", rejectOldSamplesMaxAge);
    notNegative("out_of_order_time_window", outOfOrderTimeWindow);
    notNegative("creation_grace_period", creationGracePeriod);
    notNegative("cardinality_window", cardinalityWindow);
    if (cardinalityWindow.isZero()) {
      throw new IllegalArgumentException(PREFIX + "cardinality_window must be positive");
    }
    notNegative("max_streams_per_user", maxStreamsPerUser);
    notNegative("max_global_streams_per_user", maxGlobalStreamsPerUser);
    notNegative("stream_idle_period", streamIdlePeriod);
    if (streamIdlePeriod.isZero()) {
      throw new IllegalArgumentException(PREFIX + "stream_idle_period must be positive");
    }
  }

  /** All limits but the stream limits, which take their defaults. */
  public LogLimits(
      double ingestionRateMb,
      double ingestionBurstSizeMb,
      long perStreamRateLimitBytes,
      long perStreamRateLimitBurstBytes,
      int maxLabelNamesPerSeries,
      int maxLabelNameLength,
      int maxLabelValueLength,
      long maxLineSizeBytes,
      boolean maxLineSizeTruncate,
      boolean rejectOldSamples,
      Duration rejectOldSamplesMaxAge,
      Duration outOfOrderTimeWindow,
      Duration creationGracePeriod,
      int cardinalityThreshold,
      Duration cardinalityWindow) {
    this(
        ingestionRateMb,
        ingestionBurstSizeMb,
        perStreamRateLimitBytes,
        perStreamRateLimitBurstBytes,
        maxLabelNamesPerSeries,
        maxLabelNameLength,
        maxLabelValueLength,
        maxLineSizeBytes,
        maxLineSizeTruncate,
        rejectOldSamples,
        rejectOldSamplesMaxAge,
        outOfOrderTimeWindow,
        creationGracePeriod,
        cardinalityThreshold,
        cardinalityWindow,
        DEFAULT_MAX_STREAMS_PER_USER,
        DEFAULT_MAX_GLOBAL_STREAMS_PER_USER,
        DEFAULT_STREAM_IDLE_PERIOD);
  }

  /** A copy with other stream limits. */
  public LogLimits withStreamLimits(
      int maxStreamsPerUser, int maxGlobalStreamsPerUser, Duration streamIdlePeriod) {
    return new LogLimits(
        ingestionRateMb,
        ingestionBurstSizeMb,
        perStreamRateLimitBytes,
        perStreamRateLimitBurstBytes,
        maxLabelNamesPerSeries,
        maxLabelNameLength,
        maxLabelValueLength,
        maxLineSizeBytes,
        maxLineSizeTruncate,
        rejectOldSamples,
        rejectOldSamplesMaxAge,
        outOfOrderTimeWindow,
        creationGracePeriod,
        cardinalityThreshold,
        cardinalityWindow,
        maxStreamsPerUser,
        maxGlobalStreamsPerUser,
        streamIdlePeriod);
  }

  /**
   * The most active streams a tenant may have, as Loki's limiter computes it for one ingester: the smaller
   * non-zero of {@code max_streams_per_user} and {@code max_global_streams_per_user} (the global limit divided
   * among one ingester, replication factor 1); 0 when both are 0 (no limit).
   */
  public int maxActiveStreams() {
    if (maxStreamsPerUser == 0
        || (maxGlobalStreamsPerUser != 0 && maxGlobalStreamsPerUser < maxStreamsPerUser)) {
      return maxGlobalStreamsPerUser;
    }
    return maxStreamsPerUser;
  }

  /** From YAML/JSON config: every key optional, sizes and durations in their human forms. */
  @JsonCreator
  public static LogLimits fromConfig(
      @JsonProperty("ingestion_rate_mb") Double ingestionRateMb,
      @JsonProperty("ingestion_burst_size_mb") Double ingestionBurstSizeMb,
      @JsonProperty("per_stream_rate_limit") String perStreamRateLimit,
      @JsonProperty("per_stream_rate_limit_burst") String perStreamRateLimitBurst,
      @JsonProperty("max_label_names_per_series") Integer maxLabelNamesPerSeries,
      @JsonProperty("max_label_name_length") Integer maxLabelNameLength,
      @JsonProperty("max_label_value_length") Integer maxLabelValueLength,
      @JsonProperty("max_line_size") String maxLineSize,
      @JsonProperty("max_line_size_truncate") Boolean maxLineSizeTruncate,
      @JsonProperty("reject_old_samples") Boolean rejectOldSamples,
      @JsonProperty("reject_old_samples_max_age") String rejectOldSamplesMaxAge,
      @JsonProperty("out_of_order_time_window") String outOfOrderTimeWindow,
      @JsonProperty("creation_grace_period") String creationGracePeriod,
      @JsonProperty("cardinality_threshold") Integer cardinalityThreshold,
      @JsonProperty("cardinality_window") String cardinalityWindow,
      @JsonProperty("max_streams_per_user") Integer maxStreamsPerUser,
      @JsonProperty("max_global_streams_per_user") Integer maxGlobalStreamsPerUser,
      @JsonProperty("stream_idle_period") String streamIdlePeriod) {
    LogLimits d = DEFAULTS;
    return new LogLimits(
        or(ingestionRateMb, d.ingestionRateMb),
        or(ingestionBurstSizeMb, d.ingestionBurstSizeMb),
        bytes("per_stream_rate_limit", perStreamRateLimit, d.perStreamRateLimitBytes),
        bytes(
            "per_stream_rate_limit_burst", perStreamRateLimitBurst, d.perStreamRateLimitBurstBytes),
        or(maxLabelNamesPerSeries, d.maxLabelNamesPerSeries),
        or(maxLabelNameLength, d.maxLabelNameLength),
        or(maxLabelValueLength, d.maxLabelValueLength),
        bytes("max_line_size", maxLineSize, d.maxLineSizeBytes),
        or(maxLineSizeTruncate, d.maxLineSizeTruncate),
        or(rejectOldSamples, d.rejectOldSamples),
        duration("reject_old_samples_max_age", rejectOldSamplesMaxAge, d.rejectOldSamplesMaxAge),
        duration("out_of_order_time_window", outOfOrderTimeWindow, d.outOfOrderTimeWindow),
        duration("creation_grace_period", creationGracePeriod, d.creationGracePeriod),
        or(cardinalityThreshold, d.cardinalityThreshold),
        duration("cardinality_window", cardinalityWindow, d.cardinalityWindow),
        or(maxStreamsPerUser, d.maxStreamsPerUser),
        or(maxGlobalStreamsPerUser, d.maxGlobalStreamsPerUser),
        duration("stream_idle_period", streamIdlePeriod, d.streamIdlePeriod));
  }

  private static <T> T or(T configured, T byDefault) {
    return configured != null ? configured : byDefault;
  }

  /** The size written under {@code key}, or {@code byDefault} when the key is absent. */
  private static long bytes(String key, String configured, long byDefault) {
    return configured == null ? byDefault : ConfigValues.bytes(PREFIX + key, configured);
  }

  /** The duration written under {@code key}, or {@code byDefault} when the key is absent. */
  private static Duration duration(String key, String configured, Duration byDefault) {
    return configured == null ? byDefault : ConfigValues.duration(PREFIX + key, configured);
  }

  /** The tenant rate in bytes per second (MiB as Loki counts them). */
  public long ingestionRateBytes() {
    return (long) (ingestionRateMb * MIB);
  }

  public long ingestionBurstBytes() {
    return (long) (ingestionBurstSizeMb * MIB);
  }

  private static void positive(String key, double value) {
    if (!(value > 0)) {
      throw new IllegalArgumentException(PREFIX + key + " must be positive, got " + value);
    }
  }

  private static void notNegative(String key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(
          PREFIX + key + " must not be negative (0 = no limit), got " + value);
    }
  }

  private static void notNegative(String key, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(
          PREFIX + key + " must be a non-negative duration, got " + value);
    }
  }
}
