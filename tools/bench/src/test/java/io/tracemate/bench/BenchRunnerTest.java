package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchRunnerTest {

  private final FakeTracingServer server = new FakeTracingServer();

  @AfterEach
  void stop() {
    server.close();
  }

  /** Every port on the stand-in server, two connections, Jaeger queries, no settling, seed 1. */
  private static BenchOptions options(
      int port,
      List<Protocol> protocols,
      Duration duration,
      long maxSpans,
      int batchSpans,
      double rate,
      Long serverPid,
      int querySamples) {
    return new BenchOptions(
        protocols,
        "127.0.0.1",
        port,
        port,
        port,
        port,
        duration,
        maxSpans,
        batchSpans,
        2,
        rate,
        serverPid,
        querySamples,
        QueryApi.JAEGER,
        "/metrics",
        null,
        Duration.ZERO,
        1,
        WorkloadMix.DEFAULT,
        null);
  }

  @Test
  void headersGoWithEveryIngestAndQueryRequestOfEveryProtocol() throws Exception {
    BenchOptions plain =
        options(
            server.port(),
            List.of(Protocol.OTLP_GRPC, Protocol.OTLP_HTTP, Protocol.ZIPKIN_JSON),
            Duration.ofSeconds(5),
            300,
            100,
            0,
            null,
            3);
    Map<String, String> headers =
        HeaderOption.parse(List.of("Authorization: Bearer t0ken", "X-Scope-OrgID: team-a"));
    BenchOptions options =
        new BenchOptions(
            plain.protocols(),
            plain.target(),
            plain.otlpGrpcPort(),
            plain.otlpHttpPort(),
            plain.zipkinPort(),
            plain.httpPort(),
            plain.duration(),
            plain.maxSpans(),
            plain.batchSpans(),
            plain.connections(),
            plain.rateSpansPerSecond(),
            plain.serverPid(),
            plain.querySamples(),
            plain.queryApi(),
            plain.metricsPath(),
            plain.dataDir(),
            plain.settle(),
            plain.seed(),
            plain.mix(),
            headers);

    new BenchRunner(options, new PrintWriter(new StringWriter(), true)).run();

    assertThat(server.requestsWith("bearer t0ken", "team-a")).isPositive();
    assertThat(server.requestsWithout("bearer t0ken", "team-a"))
        .as("requests that lacked the headers, by path")
        .isEmpty();
    assertThat(server.pathsSeen())
        .contains(
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            "/v1/traces",
            "/api/v2/spans",
            "/api/traces",
            "/metrics");
  }

  @Test
  void drivesEveryProtocolWithinItsBoundsAndMeasuresQueriesAndStorage() throws Exception {
    int port = server.port();
    BenchOptions options =
        options(
            port,
            List.of(Protocol.OTLP_GRPC, Protocol.OTLP_HTTP, Protocol.ZIPKIN_JSON),
            Duration.ofSeconds(5),
            2_000,
            100,
            0,
            ProcessHandle.current().pid(),
            20);
    StringWriter progress = new StringWriter();

    BenchReport report = new BenchRunner(options, new PrintWriter(progress, true)).run();

    assertThat(report.ingest())
        .extracting(BenchReport.Ingest::protocol)
        .containsExactly("otlp-grpc", "otlp-http", "zipkin-json");
    for (BenchReport.Ingest phase : report.ingest()) {
      assertThat(phase.spansSent())
          .as(phase.protocol())
          .isLessThanOrEqualTo(2_000)
          .isGreaterThan(1_800);
      assertThat(phase.spansAccepted()).as(phase.protocol()).isEqualTo(phase.spansSent());
      assertThat(phase.failedRequests()).isZero();
      assertThat(phase.firstError()).isNull();
      assertThat(phase.acceptedSpansPerSecond()).isPositive();
      assertThat(phase.requestLatency().count()).isPositive();
      assertThat(phase.serverCpuSeconds())
          .as("CPU of this JVM via /proc")
          .isNotNull()
          .isGreaterThanOrEqualTo(0);
      assertThat(phase.serverCpuSecondsPerMillionSpans()).isNotNull();
    }
    assertThat(server.otlpGrpcSpans.get())
        .as("the ingest phase's spans, then the ack-to-visible probes' batches")
        .isGreaterThan(report.ingest().get(0).spansAccepted() + 40);
    assertThat(server.otlpHttpSpans.get()).isEqualTo(report.ingest().get(1).spansAccepted());
    assertThat(server.zipkinSpans.get()).isEqualTo(report.ingest().get(2).spansAccepted());
    assertThat(report.ingest().get(1).throttledResponses())
        .isEqualTo(server.throttledResponses.get())
        .isEqualTo(1);

    assertThat(report.queries())
        .hasSize(4)
        .allSatisfy(
            query -> {
              assertThat(query.samples()).isEqualTo(20);
              assertThat(query.ok()).as(query.query()).isEqualTo(20);
              assertThat(query.errors()).isZero();
              assertThat(query.latency().p99Millis())
                  .isGreaterThanOrEqualTo(query.latency().p50Millis());
            });
    assertThat(report.storage().bytesPerSpan()).isEqualTo(250.0);
    assertThat(report.queries().get(2).query()).startsWith("ack-to-visible");
    assertThat(report.queries().get(3).query()).startsWith("ack-to-visible").contains("search");
    assertThat(ReportTable.render(report))
        .contains(
            "otlp-grpc",
            "zipkin-json",
            "trace-by-id",
            "ack-to-visible",
            "STORAGE bytes/span: 250.0");
  }

  @Test
  void stopsAtTheTimeBoundEvenWithAHugeSpanBudget() throws Exception {
    int port = server.port();
    BenchOptions options =
        options(
            port,
            List.of(Protocol.OTLP_GRPC),
            Duration.ofMillis(700),
            Long.MAX_VALUE / 2,
            200,
            20_000,
            null,
            0);
    long started = System.nanoTime();
    BenchReport report = new BenchRunner(options, new PrintWriter(new StringWriter())).run();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    BenchReport.Ingest phase = report.ingest().getFirst();
    assertThat(phase.seconds()).isLessThan(3);
    // --rate 20000 spans/s for 0.7 s: about 14,000 spans, never much more (a loaded machine may
    // send far fewer).
    assertThat(phase.spansAccepted()).isBetween(1L, 16_000L);
    assertThat(report.cpuSource()).startsWith("nowhere");
    assertThat(report.storage().bytesPerSpan()).isEqualTo(250.0);
  }

  @Test
  void reportsAnUnreachableServerInsteadOfSpinning() throws Exception {
    int port = server.port();
    server.close();
    BenchOptions options =
        options(
            port, List.of(Protocol.OTLP_HTTP), Duration.ofSeconds(20), 1_000_000, 100, 0, null, 0);
    long started = System.nanoTime();
    BenchReport report = new BenchRunner(options, new PrintWriter(new StringWriter())).run();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    BenchReport.Ingest phase = report.ingest().getFirst();
    assertThat(phase.spansAccepted()).isZero();
    assertThat(phase.firstError()).startsWith("gave up");
    assertThat(report.storage().bytesPerSpan()).isNull();
  }

  @Test
  void commandRunsEndToEndAndWritesJson(@TempDir Path dir) throws Exception {
    int port = server.port();
    Path json = dir.resolve("bench.json");
    StringWriter out = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(new StringWriter(), true));

    int exit =
        command.execute(
            "--protocol",
            "otlp-grpc,zipkin-json",
            "--otlp-grpc-port",
            "" + port,
            "--zipkin-port",
            "" + port,
            "--http-port",
            "" + port,
            // The span budget ends each phase; the time bound is only for a machine too slow to
            // reach it (this asserts the budget, not the machine's speed).
            "--duration",
            "30s",
            "--max-spans",
            "1000",
            "--batch-spans",
            "100",
            "--connections",
            "1",
            "--query-samples",
            "5",
            "--settle",
            "0s",
            "--json-out",
            json.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("INGEST", "otlp-grpc", "zipkin-json", "QUERY", "JSON report written");
    JsonNode report = new ObjectMapper().readTree(Files.readString(json));
    assertThat(report.path("ingest")).hasSize(2);
    assertThat(report.path("ingest").get(0).path("spansAccepted").asLong()).isBetween(900L, 1_000L);
    assertThat(report.path("queries").get(0).path("latency").path("p50Millis").isNumber()).isTrue();
    assertThat(report.path("storage").path("bytesPerSpan").asDouble()).isEqualTo(250.0);
  }

  @Test
  void commandRefusesRemoteTargetsAndBadValuesAsUsageErrors() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand());
    command.setErr(new PrintWriter(err, true));
    command.setOut(new PrintWriter(new StringWriter(), true));

    assertThat(command.execute("--target", "192.0.2.1")).isEqualTo(2);
    assertThat(err.toString()).contains("not a loopback address", "--allow-remote");
    assertThat(command.execute("--protocol", "carrier-pigeon")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown protocol 'carrier-pigeon'");
    assertThat(command.execute("--connections", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--connections must be within 1..256");
  }
}
