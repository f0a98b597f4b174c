package io.tracemate.logql.engine;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.pipeline.PipelineContext;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.ScanStats;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every part of one query shares: the reader, tenants, limits, the stats it adds to, its cancellation (the
 * deadline and whether anyone still waits) and the memory it holds. Thread-safe: split parts run concurrently.
 */
final class QueryContext {
  private static final int CHECK_EVERY = 256;

  final LogReader reader;
  final TenantScope tenants;
  final EngineLimits limits;
  final ScanStats stats;
  final Cancellation cancellation;
  final PipelineContext pipeline;
  private final long baselineBytes;
  private final AtomicLong heldBytes = new AtomicLong();

  QueryContext(
      LogReader reader,
      TenantScope tenants,
      EngineLimits limits,
      ScanStats stats,
      Cancellation cancellation) {
    this.reader = reader;
    this.tenants = tenants;
    this.limits = limits;
    this.stats = stats;
    this.cancellation = cancellation;
    this.pipeline = new PipelineContext(cancellation, limits.maxFormattedLineSize());
    this.baselineBytes = stats.bytes();
  }

  long remainingNanos() {
    return cancellation.remainingNanos();
  }

  /** Call per entry read: checks the deadline and the bytes read every few hundred entries. */
  void onEntry(long count) {
    if (count % CHECK_EVERY == 0) {
      check();
    }
  }

  void check() {
    if (cancellation.isCancelled()) {
      throw stopped(new CancelledException(cancellation.reason()));
    }
    long max = limits.maxBytesScanned();
    if (max > 0) {
      long read = stats.bytes() - baselineBytes;
      if (read > max) {
        throw new QueryLimitException(
            QueryLimitException.MAX_BYTES,
            "the query read too many bytes (read: "
                + Bytes.humanize(read)
                + ", limit: "
                + Bytes.humanize(max)
                + "); consider adding more specific stream "
                + "selectors or reduce the time range of the query (max_query_bytes_read)");
      }
    }
  }

  /** What a stop noticed anywhere below (store, regex, pipeline) becomes: the time-out, or the cancellation as is. */
  RuntimeException stopped(CancelledException e) {
    return e.reason() == Cancellation.Reason.DEADLINE_EXCEEDED ? timeout() : e;
  }

  QueryLimitException timeout() {
    return new QueryLimitException(
        QueryLimitException.TIMEOUT,
        "query timed out after "
            + io.tracemate.common.units.PrometheusDuration.format(limits.timeout())
            + " (query_timeout); narrow the selector or "
            + "the time range");
  }

  void checkSeries(int count) {
    if (count > limits.maxSeries()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_SERIES,
          "maximum number of series ("
              + limits.maxSeries()
              + ") reached for a single query; consider reducing query cardinality by adding more filters or "
              + "aggregations (max_query_series)");
    }
  }

  /**
   * Takes {@code bytes} (an estimate) from the query's memory budget before holding them.
   *
   * @throws QueryLimitException when the query would hold more than max_query_memory
   */
  void reserve(long bytes) {
    long held = heldBytes.addAndGet(bytes);
    long max = limits.maxQueryMemory();
    if (held > max) {
      heldBytes.addAndGet(-bytes);
      throw new QueryLimitException(
          QueryLimitException.MAX_QUERY_MEMORY,
          "the query needs too much memory (more "
              + "than "
              + Bytes.humanize(max)
              + " of lines, labels and samples); ask for fewer entries, a shorter range, a "
              + "coarser step or fewer series (max_query_memory)");
    }
  }

  /** Gives back what {@link #reserve} took once it is no longer held. */
  void release(long bytes) {
    heldBytes.addAndGet(-bytes);
  }

  /** Estimated heap bytes of a string (compact strings: one byte per Latin-1 character, plus the object). */
  static long estimate(String text) {
    return 48L + text.length();
  }

  /** Estimated heap bytes of a label set held by a result (label_format can make values long). */
  static long estimate(io.tracemate.logs.model.LabelSet labels) {
    long bytes = 48;
    for (io.tracemate.logs.model.Label label : labels.labels()) {
      bytes += 32 + label.name().length() + label.value().length();
    }
    return bytes;
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
      return String.format(
          java.util.Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }
  }
}
