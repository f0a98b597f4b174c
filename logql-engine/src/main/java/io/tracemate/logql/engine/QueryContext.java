package io.tracemate.logql.engine;

import io.tracemate.logs.LogReader;
import io.tracemate.logs.ScanStats;
import java.util.function.LongSupplier;

/** What every part of one query shares: the reader, tenant, limits, the stats it adds to, its deadline. */
final class QueryContext {
  private static final int CHECK_EVERY = 256;

  final LogReader reader;
  final String tenant;
  final EngineLimits limits;
  final ScanStats stats;
  private final long baselineBytes;
  private final long deadlineNanos;
  private final LongSupplier nanoClock;

  QueryContext(LogReader reader, String tenant, EngineLimits limits, ScanStats stats, LongSupplier nanoClock) {
    this.reader = reader;
    this.tenant = tenant;
    this.limits = limits;
    this.stats = stats;
    this.baselineBytes = stats.bytes();
    this.nanoClock = nanoClock;
    this.deadlineNanos = nanoClock.getAsLong() + limits.timeout().toNanos();
  }

  long remainingNanos() {
    return deadlineNanos - nanoClock.getAsLong();
  }

  /** Call per entry read: checks the deadline and the bytes read every few hundred entries. */
  void onEntry(long count) {
    if (count % CHECK_EVERY == 0) {
      check();
    }
  }

  void check() {
    if (remainingNanos() < 0) {
      throw timeout();
    }
    long max = limits.maxBytesScanned();
    if (max > 0) {
      long read = stats.bytes() - baselineBytes;
      if (read > max) {
        throw new QueryLimitException(QueryLimitException.MAX_BYTES, "the query read too many bytes (read: "
            + Bytes.humanize(read) + ", limit: " + Bytes.humanize(max) + "); consider adding more specific stream "
            + "selectors or reduce the time range of the query (max_query_bytes_read)");
      }
    }
  }

  QueryLimitException timeout() {
    return new QueryLimitException(QueryLimitException.TIMEOUT, "query timed out after "
        + io.tracemate.logql.syntax.Durations.format(limits.timeout()) + " (query_timeout); narrow the selector or "
        + "the time range");
  }

  void checkSeries(int count) {
    if (count > limits.maxSeries()) {
      throw new QueryLimitException(QueryLimitException.MAX_SERIES, "maximum number of series (" + limits.maxSeries()
          + ") reached for a single query; consider reducing query cardinality by adding more filters or "
          + "aggregations (max_query_series)");
    }
  }

  /** go-humanize's Bytes: SI units, one decimal. */
  static final class Bytes {
    private Bytes() {}

    static String humanize(long bytes) {
      if (bytes < 1000) {
        return bytes + " B";
      }
      String[] units = {"kB", "MB", "GB", "TB", "PB", "EB"};
      double value = bytes;
      int unit = -1;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      return String.format(java.util.Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
  }
}
