package io.tracemate.http.loki;

import io.tracemate.common.Cancellation;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.QueryLimitException;
import io.tracemate.logs.ScanStats;
import java.time.Duration;

/**
 * The limits of {@link EngineLimits} that bound the discovery endpoints (volume, patterns, detected fields and
 * labels), which read the store directly rather than through the engine: the longest time range
 * ({@code max_query_length}) checked before any work, and the wall-clock time ({@code query_timeout}) checked
 * between units of work (every 256 entries read, with {@code max_query_bytes_read}), together with the request's {@link Cancellation} (the client went away), which the
 * store's cursors check too. Not thread-safe: one per request.
 */
final class RequestBudget {
  /** Entries read between two checks: a check is a clock read, too dear for every entry. */
  private static final int CHECK_EVERY = 256;

  private final EngineLimits limits;
  private final Cancellation cancellation;
  private final long deadlineNanos;
  private long entriesRead;

  private RequestBudget(EngineLimits limits, Cancellation cancellation) {
    this.limits = limits;
    this.cancellation = cancellation;
    this.deadlineNanos = System.nanoTime() + limits.timeout().toNanos();
  }

  /**
   * Starts the clock for a request over [start, end).
   *
   * @throws QueryLimitException when the range is longer than {@code max_query_length}
   */
  static RequestBudget start(
      EngineLimits limits, Cancellation cancellation, long startNanos, long endNanos) {
    long length = endNanos - startNanos;
    if (length > limits.maxRange().toNanos()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_LENGTH,
          "the query time range exceeds the limit (query "
              + "length: "
              + PrometheusDuration.format(Duration.ofNanos(length))
              + ", limit: "
              + PrometheusDuration.format(limits.maxRange())
              + ") (max_query_length)");
    }
    return new RequestBudget(limits, cancellation);
  }

  /**
   * @throws QueryLimitException (query_timeout, a 504) once the request has used up its time
   * @throws io.tracemate.common.CancelledException once nobody waits for the answer
   */
  void checkTime() {
    cancellation.check();
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new QueryLimitException(
          QueryLimitException.TIMEOUT,
          "query timed out after "
              + PrometheusDuration.format(limits.timeout())
              + " (query_timeout); narrow the selector or the time range");
    }
  }

  /**
   * Counts one entry read from the store; every 256 entries, checks the time ({@link #checkTime}) and the line
   * bytes read so far against {@code max_query_bytes_read}.
   *
   * @param scan what the request's reads have added up to
   * @throws QueryLimitException (max_query_bytes_read, or query_timeout) once the request has read or taken too much
   */
  void countEntry(ScanStats scan) {
    if (++entriesRead % CHECK_EVERY != 0) {
      return;
    }
    checkTime();
    long maxBytes = limits.maxBytesScanned();
    if (maxBytes > 0 && scan.bytes() > maxBytes) {
      throw new QueryLimitException(
          QueryLimitException.MAX_BYTES,
          "the query read too many bytes (limit: "
              + maxBytes
              + " bytes) (max_query_bytes_read); add matchers or narrow the time range");
    }
  }

  /** @throws QueryLimitException (max_query_series) when a result would hold more series than allowed */
  void checkSeries(int count) {
    if (count > limits.maxSeries()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_SERIES,
          "the query hit the max number of series limit"
              + " (limit: "
              + limits.maxSeries()
              + " series) (max_query_series); add matchers or targetLabels to the"
              + " query");
    }
  }

  /** What the store's cursors check, so that a scan stops with its request. */
  Cancellation cancellation() {
    return cancellation;
  }

  EngineLimits limits() {
    return limits;
  }
}
