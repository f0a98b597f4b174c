package io.tracemate.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.bench.SharedMeasurements;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTargetsTest {

  private static LogBenchReport.Ingest ingest(Double mbPerCpuSecond) {
    return new LogBenchReport.Ingest(
        1000,
        870_000,
        400_000,
        0,
        0,
        1,
        0.87,
        mbPerCpuSecond == null ? null : 1.0,
        mbPerCpuSecond,
        0,
        SharedMeasurements.latencies(new long[] {1_000_000}),
        null);
  }

  private static LogBenchReport.Storage storage(Double bytesPerLine, Double dirBytesPerLine) {
    return new LogBenchReport.Storage(null, null, bytesPerLine, null, dirBytesPerLine, 870, 0.5);
  }

  private static LogBenchReport.Scan scan(Double gbPerCpuSecond) {
    return new LogBenchReport.Scan(
        "{app=\"payment\"} |= \"x\"", 5, 5, 1, 1, 0, 0.1, 1.0, gbPerCpuSecond, 1, null);
  }

  private static LogBenchReport.TraceLookups lookups(long... nanos) {
    return new LogBenchReport.TraceLookups(
        nanos.length, nanos.length, 0, 0, 3, SharedMeasurements.latencies(nanos), 1.5, null);
  }

  @ParameterizedTest(name = "ingest {0} MB/CPU-s, {1} B/line, scan {2} GB/CPU-s, p99 {3} ms")
  @CsvSource({
    "50.0, 150.0, 1.0, 50, true, true, true, true",
    "49.9, 150.1, 0.99, 51, false, false, false, false",
    "120, 138, 2.5, 3, true, true, true, true",
  })
  void eachTargetIsMetAtItsBoundaryAndMissedPastIt(
      double ingestRate,
      double bytesPerLine,
      double scanRate,
      long p99Millis,
      boolean ingestMet,
      boolean sizeMet,
      boolean scanMet,
      boolean lookupMet) {
    List<LogBenchReport.TargetCheck> checks =
        LogTargets.check(
            ingest(ingestRate),
            storage(bytesPerLine, null),
            scan(scanRate),
            lookups(p99Millis * 1_000_000),
            10_000_000_000L);

    assertThat(checks)
        .extracting(LogBenchReport.TargetCheck::met)
        .containsExactly(ingestMet, sizeMet, scanMet, lookupMet);
  }

  @Test
  void unmeasuredFiguresAreNeitherMetNorMissedAndSmallCorporaAreNamed() {
    List<LogBenchReport.TargetCheck> checks =
        LogTargets.check(ingest(null), storage(null, 140.0), null, lookups(), 2_000_000_000L);

    assertThat(checks)
        .extracting(LogBenchReport.TargetCheck::met)
        .containsExactly(null, true, null, null);
    assertThat(checks.get(1).measured()).isEqualTo("140.0 B per 870 B line");
    assertThat(checks.get(2).note())
        .isEqualTo("Loki: 0.024-0.185 GB/s per core; this run: 2.00 GB corpus");
    assertThat(checks.get(3).note()).isEqualTo("this run: 2.00 GB corpus");
  }

  @Test
  void theTableShowsEveryPhaseAndMarksMissedTargets() {
    LogBenchReport.Ingest ingest = ingest(42.0);
    LogBenchReport.Storage storage = storage(138.5, null);
    LogBenchReport.TraceLookups lookups = lookups(2_000_000, 4_000_000);
    LogBenchReport report =
        new LogBenchReport(
            "http://127.0.0.1:16686",
            "protobuf",
            100,
            1000,
            4,
            1,
            "/proc/1/stat",
            ingest,
            storage,
            List.of(scan(1.5)),
            lookups,
            LogTargets.check(ingest, storage, scan(1.5), lookups, 870_000));

    String table = LogReportTable.render(report);

    assertThat(table)
        .contains(
            "Loki push (protobuf), 100 streams, batches of 1000 lines, 4 connections, seed 1");
    assertThat(table)
        .containsPattern(
            "ingest \\(push\\) +>= 50 MB/s per server CPU-s +42\\.0 MB/s per CPU-s +NO");
    assertThat(table).containsPattern("bytes on disk per line .* 138\\.5 B per 870 B line +yes");
    assertThat(table)
        .containsPattern(
            "/api/logs/trace/\\{id\\} +2 +2 +0 +0 +3\\.0 +2\\.00 +4\\.00 +4\\.00 +1\\.50");
    assertThat(table.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
  }

  @ParameterizedTest
  @CsvSource({
    "2GB, 2000000000",
    "500MB, 500000000",
    "1.5GB, 1500000000",
    "64KiB, 65536",
    "1234, 1234"
  })
  void sizesAreDecimalUnlessBinaryIsSaid(String text, long bytes) {
    assertThat(LogBenchCommand.parseSize(text)).isEqualTo(bytes);
  }
}
