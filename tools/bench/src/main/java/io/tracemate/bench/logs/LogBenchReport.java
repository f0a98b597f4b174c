package io.tracemate.bench.logs;

import io.tracemate.bench.LatencySummary;
import java.util.List;

/**
 * The results of a log bench run, serialized as-is to {@code --json-out}. Sizes are decimal (MB = 10^6 bytes,
 * GB = 10^9) as Loki's published figures are. Nullable numbers are measurements that were not available (no CPU
 * source, no store gauges, no {@code --data-dir}).
 */
public record LogBenchReport(
    String target,
    String format,
    int streams,
    int batchLines,
    int connections,
    long seed,
    String cpuSource,
    Ingest ingest,
    Storage storage,
    List<Scan> scans,
    TraceLookups traceLookups,
    List<TargetCheck> targets) {

  /**
   * The push phase.
   *
   * @param lineBytesAccepted UTF-8 bytes of the accepted lines: the "raw log text" the targets count
   * @param bodyBytesSent request bytes on the wire (JSON, or snappy protobuf)
   * @param feedWaitSeconds time senders waited for the corpus generator, summed over connections: when it is a
   *     large part of {@code seconds * connections}, the client, not the server, bounded the wall-clock rate
   */
  public record Ingest(
      long linesAccepted,
      long lineBytesAccepted,
      long bodyBytesSent,
      long throttledResponses,
      long failedRequests,
      double seconds,
      double megabytesPerSecond,
      Double serverCpuSeconds,
      Double megabytesPerServerCpuSecond,
      double feedWaitSeconds,
      LatencySummary requestLatency,
      String firstError) {}

  /**
   * Bytes on disk once the ingest queue drained and a flush ran.
   *
   * @param storeBytes {@code tracemate_log_store_bytes}
   * @param storeLines {@code tracemate_log_store_lines}
   * @param logsDirBytes file sizes under {@code DATA_DIR/logs} (null without {@code --data-dir})
   * @param averageLineBytes mean UTF-8 size of an accepted line
   * @param drainSeconds time from the last acknowledgement until the ingest queue was empty (-1: never)
   */
  public record Storage(
      Double storeBytes,
      Double storeLines,
      Double bytesPerLine,
      Long logsDirBytes,
      Double logsDirBytesPerLine,
      double averageLineBytes,
      double drainSeconds) {}

  /**
   * One LogQL log query, run {@code runs} times over the whole corpus range.
   *
   * @param bytesScanned line bytes the store read in one run ({@code X-Tracemate-Bytes-Scanned}), median
   * @param gigabytesPerCpuSecond all runs' bytes scanned over all runs' server CPU seconds
   * @param gigabytesPerSecond median run's bytes scanned over its wall-clock time
   */
  public record Scan(
      String query,
      int runs,
      int ok,
      long bytesScanned,
      long linesScanned,
      int entriesReturned,
      double medianSeconds,
      Double serverCpuSeconds,
      Double gigabytesPerCpuSecond,
      double gigabytesPerSecond,
      String firstError) {}

  /**
   * Lookups of known trace IDs through {@code GET /api/logs/trace/{traceID}}.
   *
   * @param serverCpuMillisPerLookup server CPU time over the phase divided by the lookups: the work one lookup
   *     costs, apart from waiting for a core on a loaded machine
   */
  public record TraceLookups(
      int samples,
      int found,
      int empty,
      int errors,
      double meanEntries,
      LatencySummary latency,
      Double serverCpuMillisPerLookup,
      String firstError) {}

  /**
   * One of the targets against what this run measured.
   *
   * @param met null when the figure could not be measured
   */
  public record TargetCheck(String name, String goal, String measured, Boolean met, String note) {}
}
