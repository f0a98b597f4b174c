package io.tracemate.logql.engine;

import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.SettingChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-query limits and execution settings of {@link LogQLEngine}.
 *
 * @param maxEntries largest {@code limit} a log query may ask for (Loki's max_entries_limit_per_query), default 5000
 * @param maxSeries most series a metric query may produce or hold in an intermediate step (max_query_series),
 *     default 500
 * @param maxBytesScanned most line bytes a query may read (max_query_bytes_read); 0 = unlimited, the default
 * @param timeout wall-clock time a query may take (query_timeout), default 30s
 * @param maxRange longest end - start (max_query_length), default 30 days
 * @param splitInterval ranges longer than this are split into aligned parts evaluated in parallel, default 1h
 * @param parallelism how many parts run at once, default 4
 * @param parseLimits longest and deepest LogQL text (max_query_size 128 KiB, max_query_depth 128)
 * @param maxFormattedLineSize longest line {@code line_format} and label value {@code label_format} may build,
 *     in characters (max_formatted_line_size), default 1 MiB
 * @param maxQueryMemory most bytes (estimated) one query may hold at once in lines and labels it returns,
 *     metric samples and series (max_query_memory), default 256 MiB
 * @param maxLookback how far back from now a query may read (max_query_lookback): an earlier start is moved up to
 *     it, and a query wholly before it answers nothing, as in Loki; {@link Duration#ZERO} (the default) = no limit
 *
 * <p>Per tenant: {@link TenantQueryLimits} gives each tenant its own (runtime overrides), and a query over
 * several tenants runs under the {@link #strictest} of theirs.
 */
public record EngineLimits(
    int maxEntries,
    int maxSeries,
    long maxBytesScanned,
    Duration timeout,
    Duration maxRange,
    Duration splitInterval,
    int parallelism,
    ParseLimits parseLimits,
    int maxFormattedLineSize,
    long maxQueryMemory,
    Duration maxLookback) {

  /**
   * What a limit of 0 in Loki's overrides ("no limit") becomes for {@link #maxRange()}: longer than any query, and
   * {@code now - it} does not overflow.
   */
  public static final Duration UNLIMITED_RANGE = Duration.ofNanos(Long.MAX_VALUE / 2);

  /** Default of {@link #maxFormattedLineSize()}: four times Loki's default max_line_size for ingested lines. */
  public static final int DEFAULT_MAX_FORMATTED_LINE_SIZE = 1 << 20;

  /** Default of {@link #maxQueryMemory()}: eight such queries fit in the launcher's 2 GiB heap. */
  public static final long DEFAULT_MAX_QUERY_MEMORY = 256L << 20;

  public EngineLimits {
    SettingChecks.positive("maxEntries", maxEntries);
    SettingChecks.positive("maxSeries", maxSeries);
    SettingChecks.zeroOrPositive("maxBytesScanned", maxBytesScanned, "unlimited");
    SettingChecks.positive("timeout", timeout);
    SettingChecks.positive("maxRange", maxRange);
    SettingChecks.positive("splitInterval", splitInterval);
    SettingChecks.positive("parallelism", parallelism);
    Objects.requireNonNull(parseLimits, "parseLimits");
    SettingChecks.positive("maxFormattedLineSize", maxFormattedLineSize);
    SettingChecks.positive("maxQueryMemory", maxQueryMemory);
    SettingChecks.zeroOrPositive("maxLookback", maxLookback, "none");
  }

  /** Without a lookback limit. */
  public EngineLimits(
      int maxEntries,
      int maxSeries,
      long maxBytesScanned,
      Duration timeout,
      Duration maxRange,
      Duration splitInterval,
      int parallelism,
      ParseLimits parseLimits,
      int maxFormattedLineSize,
      long maxQueryMemory) {
    this(
        maxEntries,
        maxSeries,
        maxBytesScanned,
        timeout,
        maxRange,
        splitInterval,
        parallelism,
        parseLimits,
        maxFormattedLineSize,
        maxQueryMemory,
        Duration.ZERO);
  }

  /** With the default parse, formatted line and memory limits. */
  public EngineLimits(
      int maxEntries,
      int maxSeries,
      long maxBytesScanned,
      Duration timeout,
      Duration maxRange,
      Duration splitInterval,
      int parallelism) {
    this(
        maxEntries,
        maxSeries,
        maxBytesScanned,
        timeout,
        maxRange,
        splitInterval,
        parallelism,
        ParseLimits.DEFAULTS,
        DEFAULT_MAX_FORMATTED_LINE_SIZE,
        DEFAULT_MAX_QUERY_MEMORY);
  }

  /** 5000 entries, 500 series, unlimited bytes, 30s, 30 days, split by 1h, 4 parts at once, 128 KiB / 128 levels,
   * 1 MiB formatted lines, 256 MiB per query. */
  public static EngineLimits defaults() {
    return new EngineLimits(
        5000, 500, 0, Duration.ofSeconds(30), Duration.ofDays(30), Duration.ofHours(1), 4);
  }

  /**
   * Refuses a query whose time range is longer than {@link #maxRange()}, with Loki's message.
   *
   * @param lengthNanos end - start, plus what the query's range selectors look back before start
   * @throws QueryLimitException {@link QueryLimitException#MAX_LENGTH} when it is longer
   */
  public void checkQueryLength(long lengthNanos) {
    if (lengthNanos > maxRange.toNanos()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_LENGTH,
          "the query time range exceeds the limit (query length: "
              + PrometheusDuration.format(Duration.ofNanos(lengthNanos))
              + ", limit: "
              + PrometheusDuration.format(maxRange)
              + ") (max_query_length)");
    }
  }

  /** The same limits with another formatted line size and query memory. */
  public EngineLimits withMemoryLimits(int maxFormattedLineSize, long maxQueryMemory) {
    return new EngineLimits(
        maxEntries,
        maxSeries,
        maxBytesScanned,
        timeout,
        maxRange,
        splitInterval,
        parallelism,
        parseLimits,
        maxFormattedLineSize,
        maxQueryMemory,
        maxLookback);
  }

  /**
   * The query-time limits Loki overrides per tenant replaced by a tenant's (entries, series, bytes, time-out,
   * length, parallelism, lookback); parse, split, formatted-line and memory settings stay this server's.
   */
  public EngineLimits withQueryLimits(
      int maxEntries,
      int maxSeries,
      long maxBytesScanned,
      Duration timeout,
      Duration maxRange,
      int parallelism,
      Duration maxLookback) {
    return new EngineLimits(
        maxEntries,
        maxSeries,
        maxBytesScanned,
        timeout,
        maxRange,
        splitInterval,
        parallelism,
        parseLimits,
        maxFormattedLineSize,
        maxQueryMemory,
        maxLookback);
  }

  /**
   * The strictest of each per-tenant limit of this and {@code other}, as Loki runs a query over several tenants:
   * the smallest entries, series, time-out, length and parallelism, the smallest non-zero bytes read and lookback
   * (0 there means none). Returns {@code this} when nothing is stricter in {@code other}, so a scope of tenants
   * with the same limits allocates nothing.
   */
  public EngineLimits strictest(EngineLimits other) {
    EngineLimits result =
        withQueryLimits(
            Math.min(maxEntries, other.maxEntries),
            Math.min(maxSeries, other.maxSeries),
            smallestNonZero(maxBytesScanned, other.maxBytesScanned),
            min(timeout, other.timeout),
            min(maxRange, other.maxRange),
            Math.min(parallelism, other.parallelism),
            maxLookback.isZero()
                ? other.maxLookback
                : other.maxLookback.isZero() ? maxLookback : min(maxLookback, other.maxLookback));
    return result.equals(this) ? this : result;
  }

  private static long smallestNonZero(long a, long b) {
    return a == 0 ? b : b == 0 ? a : Math.min(a, b);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
