package io.tracemate.bench.logs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The logs issue's targets, checked against a run: ingest per server CPU-second, bytes on disk per line, scan
 * rate per CPU-second of a selective {@code |=} query, and p99 of a trace-ID lookup. Loki's measured figures are
 * quoted as the issue states them. Stateless.
 */
final class LogTargets {

  static final double INGEST_MB_PER_CPU_SECOND = 50;
  static final double BYTES_PER_LINE = 150;
  static final double SCAN_GB_PER_CPU_SECOND = 1;
  static final double TRACE_LOOKUP_P99_MILLIS = 50;

  private LogTargets() {}

  /**
   * @param appScan the {@code {app="x"} |= "needle"} scan, or null when it did not run
   */
  static List<LogBenchReport.TargetCheck> check(
      LogBenchReport.Ingest ingest,
      LogBenchReport.Storage storage,
      LogBenchReport.Scan appScan,
      LogBenchReport.TraceLookups lookups,
      long corpusBytes) {
    List<LogBenchReport.TargetCheck> checks = new ArrayList<>();
    Double ingestRate = ingest.megabytesPerServerCpuSecond();
    checks.add(
        new LogBenchReport.TargetCheck(
            "ingest (push)",
            ">= 50 MB/s per server CPU-s",
            ingestRate == null ? "n/a" : format("%.1f MB/s per CPU-s", ingestRate),
            ingestRate == null ? null : ingestRate >= INGEST_MB_PER_CPU_SECOND,
            "Loki: ~23 MB/s per core"));

    Double bytesPerLine =
        storage.bytesPerLine() != null ? storage.bytesPerLine() : storage.logsDirBytesPerLine();
    checks.add(
        new LogBenchReport.TargetCheck(
            "bytes on disk per line",
            "<= 150 B per ~870 B line",
            bytesPerLine == null
                ? "n/a"
                : format("%.1f B per %.0f B line", bytesPerLine, storage.averageLineBytes()),
            bytesPerLine == null ? null : bytesPerLine <= BYTES_PER_LINE,
            "Loki: ~226 B"));

    Double scanRate = appScan == null ? null : appScan.gigabytesPerCpuSecond();
    checks.add(
        new LogBenchReport.TargetCheck(
            "{app=\"x\"} |= \"needle\" scan",
            ">= 1 GB/s per CPU-s over 10 GB",
            scanRate == null ? "n/a" : format("%.2f GB/s per CPU-s", scanRate),
            scanRate == null ? null : scanRate >= SCAN_GB_PER_CPU_SECOND,
            join("Loki: 0.024-0.185 GB/s per core", corpusNote(corpusBytes))));

    double p99 =
        lookups == null || lookups.latency().count() == 0
            ? Double.NaN
            : lookups.latency().p99Millis();
    checks.add(
        new LogBenchReport.TargetCheck(
            "logs of one trace_id",
            "p99 <= 50 ms over 10 GB",
            Double.isNaN(p99) ? "n/a" : format("p99 %.1f ms", p99),
            Double.isNaN(p99) ? null : p99 <= TRACE_LOOKUP_P99_MILLIS,
            corpusNote(corpusBytes)));
    return checks;
  }

  /** Says when the corpus is smaller than the 10 GB the targets name. */
  private static String corpusNote(long corpusBytes) {
    return corpusBytes >= 10_000_000_000L
        ? ""
        : format("this run: %.2f GB corpus", corpusBytes / 1e9);
  }

  private static String join(String first, String second) {
    return second.isEmpty() ? first : first + "; " + second;
  }

  private static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
