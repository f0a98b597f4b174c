package io.tracemate.bench.logs;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Validated settings of one log bench run (see {@link LogBenchCommand} for each option's meaning).
 *
 * @param timeSpan how much time the corpus's timestamps cover, ending about when the run starts
 */
record LogBenchOptions(
    String target,
    int httpPort,
    Duration duration,
    long maxBytes,
    PushFormat format,
    int connections,
    int batchLines,
    int streams,
    Long serverPid,
    Path dataDir,
    int querySamples,
    int scanRuns,
    String scanApp,
    Duration timeSpan,
    Duration settle,
    Duration drainTimeout,
    long seed) {

  /** The corpus's mean line size, which turns --max-bytes into a line count for spacing timestamps. */
  static final int MEAN_LINE_BYTES = 870;

  LogBenchOptions {
    require(httpPort > 0 && httpPort < 65_536, "--http-port must be a TCP port, got " + httpPort);
    require(
        duration.compareTo(Duration.ofSeconds(1)) >= 0,
        "--duration must be at least 1s, got " + duration);
    require(maxBytes >= 1_000_000, "--max-bytes must be at least 1MB, got " + maxBytes);
    require(
        connections >= 1 && connections <= 256,
        "--connections must be in 1..256, got " + connections);
    require(
        batchLines >= 1 && batchLines <= 100_000,
        "--batch-lines must be in 1..100000, got " + batchLines);
    require(streams >= 1 && streams <= 10_000, "--streams must be in 1..10000, got " + streams);
    require(querySamples >= 0, "--query-samples must not be negative, got " + querySamples);
    require(scanRuns >= 0, "--scan-runs must not be negative, got " + scanRuns);
    require(
        scanApp != null && !scanApp.isBlank() && scanApp.indexOf('"') < 0,
        "--scan-app must be a plain app label value, got '" + scanApp + "'");
    // The server refuses entries older than reject_old_samples_max_age (7 days by default).
    require(
        timeSpan.compareTo(Duration.ofMinutes(1)) >= 0
            && timeSpan.compareTo(Duration.ofDays(6)) <= 0,
        "--time-span must be between 1m and 6d, got " + timeSpan);
  }

  String baseUri() {
    String host = target.contains(":") && !target.startsWith("[") ? "[" + target + "]" : target;
    return "http://" + host + ":" + httpPort;
  }

  /** Mean spacing of lines so that --max-bytes of corpus spans --time-span. */
  long nanosPerLine() {
    long lines = Math.max(1, maxBytes / MEAN_LINE_BYTES);
    return Math.max(2, timeSpan.toNanos() / lines);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
