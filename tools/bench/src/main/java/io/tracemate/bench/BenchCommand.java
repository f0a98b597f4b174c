package io.tracemate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tracemate bench}: loads a running server with synthetic traces and reports ingest
 * throughput, server CPU per million spans, bytes on disk per span and query latency.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Loads a RUNNING tracing server (Tracemate, or any server with OTLP/Zipkin ingest and a Jaeger or Zipkin",
      "query API) with synthetic traces of ~10 spans and ~11 attributes per span, then reports:",
      "  - accepted spans/s per protocol,",
      "  - server CPU-seconds per million spans (/proc/PID/stat or process_cpu_seconds_total),",
      "  - bytes on disk per span (tracemate_storage_bytes / tracemate_storage_spans, or --data-dir),",
      "  - p50/p99 latency of trace-by-ID and service+tag search queries.",
      "Each ingest phase stops at --duration or --max-spans, whichever comes first.",
      "Only loopback targets are allowed unless --allow-remote is given.",
      ""
    })
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--protocol",
      split = ",",
      defaultValue = "otlp-grpc",
      paramLabel = "PROTOCOL",
      converter = ProtocolConverter.class,
      description =
          "otlp-grpc, otlp-http (protobuf), otlp-json (OTLP/HTTP with JSON bodies) or zipkin-json; repeat or comma-separate to run several phases (default: ${DEFAULT-VALUE}).")
  List<Protocol> protocols;

  @Mixin BenchTarget target = new BenchTarget();

  @Option(
      names = "--otlp-grpc-port",
      defaultValue = "4317",
      description = "OTLP/gRPC port (default: ${DEFAULT-VALUE}).")
  int otlpGrpcPort;

  @Option(
      names = "--otlp-http-port",
      defaultValue = "4318",
      description = "OTLP/HTTP port (default: ${DEFAULT-VALUE}).")
  int otlpHttpPort;

  @Option(
      names = "--zipkin-port",
      defaultValue = "9411",
      description = "Zipkin port: ingest and Zipkin query API (default: ${DEFAULT-VALUE}).")
  int zipkinPort;

  @Option(
      names = "--http-port",
      defaultValue = "16686",
      description = "Query API and /metrics port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Time bound of each ingest phase and of the query phase, e.g. 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--max-spans",
      defaultValue = "5000000",
      description = "Span bound of each ingest phase (default: ${DEFAULT-VALUE}).")
  long maxSpans;

  @Option(
      names = "--batch-spans",
      defaultValue = "500",
      description = "Spans per request, rounded up to whole traces (default: ${DEFAULT-VALUE}).")
  int batchSpans;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "Concurrent requests in flight (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--rate",
      defaultValue = "0",
      paramLabel = "SPANS_PER_SECOND",
      description =
          "Offered load in spans/s; 0 sends as fast as the server accepts (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "Local server process: CPU time is read from /proc/PID/stat. Without it, the server's "
              + "process_cpu_seconds_total metric is used if exposed.")
  Long serverPid;

  @Option(
      names = "--query-samples",
      defaultValue = "200",
      description = "Requests per query kind; 0 skips queries (default: ${DEFAULT-VALUE}).")
  int querySamples;

  @Option(
      names = "--header",
      paramLabel = "NAME:VALUE",
      description =
          "Sent with every request, ingest and query, e.g. 'authorization: Bearer TOKEN' or"
              + " 'X-Scope-OrgID: team-a' (gRPC metadata on otlp-grpc); repeatable.")
  List<String> headers = List.of();

  @Option(
      names = "--query-api",
      defaultValue = "jaeger",
      converter = QueryApiConverter.class,
      description =
          "jaeger (/api/traces on --http-port) or zipkin (/api/v2 on --zipkin-port) (default: ${DEFAULT-VALUE}).")
  QueryApi queryApi;

  @Option(
      names = "--metrics-path",
      defaultValue = "/metrics",
      description =
          "Prometheus endpoint on --http-port, read for tracemate_storage_bytes/_spans and CPU (default: ${DEFAULT-VALUE}).")
  String metricsPath;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Server data directory; its growth per accepted span is the storage figure when the server exposes no storage gauges.")
  Path dataDir;

  @Option(
      names = "--settle",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Pause after each ingest phase before reading CPU and querying (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the synthetic workload (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--error-share",
      defaultValue = "0.01",
      paramLabel = "SHARE",
      description =
          "Share of traces that fail (an error from one leaf up to the root), 0..1 (default: ${DEFAULT-VALUE}).")
  double errorShare;

  @Option(
      names = "--slow-share",
      defaultValue = "0",
      paramLabel = "SHARE",
      description =
          "Share of traces with one leaf taking 600-1500 ms, 0..1 (default: ${DEFAULT-VALUE}).")
  double slowShare;

  @Option(
      names = "--business-share",
      defaultValue = "0",
      paramLabel = "SHARE",
      description =
          "Share of traces whose entry span carries business.transaction (credit-card-payment or "
              + "user-registration), 0..1 (default: ${DEFAULT-VALUE}).")
  double businessShare;

  @Mixin JsonReportOption jsonOut = new JsonReportOption();

  @Override
  public Integer call() throws Exception {
    BenchOptions options =
        BenchCommands.validated(
            spec,
            () ->
                new BenchOptions(
                    protocols,
                    target.checkedHost(),
                    otlpGrpcPort,
                    otlpHttpPort,
                    zipkinPort,
                    httpPort,
                    duration,
                    maxSpans,
                    batchSpans,
                    connections,
                    rate,
                    serverPid,
                    querySamples,
                    queryApi,
                    metricsPath,
                    dataDir,
                    settle,
                    seed,
                    new WorkloadMix(errorShare, slowShare, businessShare),
                    HeaderOption.parse(headers)));
    BenchReport report = new BenchRunner(options, spec.commandLine().getErr()).run();
    spec.commandLine().getErr().flush();
    BenchCommands.print(spec, ReportTable.render(report), report, jsonOut);
    long accepted = report.ingest().stream().mapToLong(BenchReport.Ingest::spansAccepted).sum();
    return accepted > 0 ? 0 : 1;
  }

  static final class ProtocolConverter extends ParsingConverter<Protocol> {
    ProtocolConverter() {
      super(Protocol::fromCliName);
    }
  }

  static final class QueryApiConverter extends ParsingConverter<QueryApi> {
    QueryApiConverter() {
      super(QueryApi::fromCliName);
    }
  }
}
