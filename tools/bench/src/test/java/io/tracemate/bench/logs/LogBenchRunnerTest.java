package io.tracemate.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LogBenchRunnerTest {

  private static LogBenchOptions options(int port, PushFormat format) {
    return new LogBenchOptions(
        "127.0.0.1",
        port,
        Duration.ofSeconds(20),
        2_000_000,
        format,
        2,
        200,
        20,
        null,
        null,
        10,
        2,
        "payment",
        Duration.ofMinutes(10),
        Duration.ZERO,
        Duration.ofSeconds(10),
        1);
  }

  @ParameterizedTest
  @EnumSource(PushFormat.class)
  @Timeout(
      180) // a safety net against a hang, not a speed check: a loaded 2-core CI machine is slow
  void pushesTheWholeBudgetRetryingThrottlingThenMeasuresEveryPhase(PushFormat format)
      throws Exception {
    try (FakeLogServer server = new FakeLogServer()) {
      StringWriter progress = new StringWriter();

      LogBenchReport report =
          new LogBenchRunner(
                  options(server.port(), format), new PrintWriter(progress), Clock.systemUTC())
              .run();

      LogBenchReport.Ingest ingest = report.ingest();
      assertThat(ingest.firstError()).isNull();
      assertThat(ingest.linesAccepted()).isEqualTo(server.lines.get());
      assertThat(ingest.lineBytesAccepted())
          .isEqualTo(server.lineBytes.get())
          .isGreaterThanOrEqualTo(2_000_000);
      assertThat(ingest.throttledResponses()).isEqualTo(1);
      assertThat(ingest.failedRequests()).isZero();
      // The fake's CPU counter advances 0.5 s per scrape; more than one scrape happens between the
      // two reads.
      assertThat(ingest.serverCpuSeconds()).isPositive();

      assertThat(report.storage().bytesPerLine()).isEqualTo(FakeLogServer.BYTES_PER_LINE);
      assertThat(report.storage().storeLines()).isEqualTo((double) server.lines.get());

      assertThat(report.scans()).hasSize(2);
      assertThat(report.scans().getFirst().query())
          .isEqualTo("{app=\"payment\"} |= \"PaymentGatewayTimeout\"");
      assertThat(report.scans())
          .allSatisfy(
              scan -> {
                assertThat(scan.ok()).isEqualTo(2);
                assertThat(scan.bytesScanned()).isEqualTo(server.lineBytes.get());
                assertThat(scan.entriesReturned()).isEqualTo(2);
                assertThat(scan.gigabytesPerCpuSecond()).isPositive();
              });
      // One warm-up and two measured runs per query.
      assertThat(server.queries.get()).isEqualTo(6);

      LogBenchReport.TraceLookups lookups = report.traceLookups();
      assertThat(lookups.samples()).isEqualTo(10);
      assertThat(lookups.found()).isEqualTo(10);
      assertThat(lookups.meanEntries()).isEqualTo(2.0);
      assertThat(lookups.serverCpuMillisPerLookup()).isPositive();
      assertThat(report.targets()).hasSize(4);
      assertThat(progress.toString()).contains("[bench-logs] ingest:");
    }
  }
}
