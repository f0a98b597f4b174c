package io.tracemate.app;

import io.tracemate.demo.DemoOptions;
import io.tracemate.demo.DemoStats;
import io.tracemate.demo.DemoTrafficGenerator;
import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.TracemateConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tracemate demo}: the server on the embedded store plus the seeds' services sending realistic
 * traffic through the OpenTelemetry SDK over OTLP, until Ctrl-C.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Start the server (data in ./demo-data unless --data-dir/--config say otherwise) and drive"
            + " realistic traffic into it over OTLP: api-gateway, order-service, inventory, payment, risk-control,"
            + " bank-gateway, Kafka consumers, an AI inference call; ~2%% errors, now and then a 4.5 s audit_log query."
            + " Prints the web UI's address first.")
final class DemoCommand implements Callable<Integer> {
  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--rate",
      paramLabel = "TRACES_PER_SECOND",
      defaultValue = "5",
      description = "User requests per second (default ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--error-rate",
      paramLabel = "FRACTION",
      defaultValue = "0.02",
      description = "Share of requests that fail somewhere (default ${DEFAULT-VALUE}).")
  double errorRate;

  @Option(
      names = "--slow-query-rate",
      paramLabel = "FRACTION",
      defaultValue = "0.01",
      description =
          "Share of order requests hitting the slow audit_log query (default ${DEFAULT-VALUE}).")
  double slowQueryRate;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--logs",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Services also log: OTLP logs, and Loki push from bank-gateway and analytics-service"
              + " (default ${DEFAULT-VALUE}; --no-logs for traces only).")
  boolean logs;

  @Override
  public Integer call() throws Exception {
    TracemateConfig config = DemoConfig.withShopSlos(server.resolve(Path.of("demo-data")));
    TracemateServer tracemate = TracemateServer.start(config);
    String host = "127.0.0.1";
    DemoOptions options =
        DemoOptions.defaults("http://" + host + ":" + tracemate.otlpGrpcPort())
            .withTracesPerSecond(rate)
            .withErrorRate(errorRate)
            .withSlowQueryRate(slowQueryRate)
            .withSeed(seed)
            .withLogs(logs && config.logs().enabled())
            .withLokiEndpoint("http://" + host + ":" + tracemate.httpPort());
    DemoTrafficGenerator traffic = new DemoTrafficGenerator(options);
    traffic.start();
    String base = "http://" + host + ":" + tracemate.httpPort();
    System.out.printf(
        """

        Web UI: %s
        Tracemate demo is running: %.1f requests/s from the seeds' services, data in %s
          Services            %s/api/services
          Slow order traces   %s/api/traces?service=order-service&minDuration=1s&limit=20
          Error traces        %s/api/traces?service=api-gateway&tags=%%7B%%22error%%22%%3A%%22true%%22%%7D
          Dependencies        %s/api/dependencies
          Topology            %s/api/topology?lookback=15m
          Service RED         %s/api/red/services/order-service?lookback=15m
          Slow-query logs     %s/loki/api/v1/query_range?query=%%7Bservice_name%%3D%%22order-service%%22%%7D%%20%%7C%%3D%%20%%22audit_log%%22
          Health / metrics    %s/ready   %s/metrics
          Grafana             add a Jaeger data source and a Loki data source, both with URL %s
          Send your own       OTLP gRPC %s:%d, OTLP HTTP http://%s:%d/v1/traces and /v1/logs,
                              Zipkin http://%s:%d/api/v2/spans, Loki push %s/loki/api/v1/push
        Stop with Ctrl-C.

        """,
        tracemate.webUiUrl(),
        rate,
        config.storage().dataDir().toAbsolutePath(),
        base,
        base,
        base,
        base,
        base,
        base,
        base,
        base,
        base,
        base,
        host,
        tracemate.otlpGrpcPort(),
        host,
        tracemate.otlpHttpPort(),
        host,
        tracemate.zipkinPort(),
        base);
    ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon(true).name("demo-progress").unstarted(r));
    progress.scheduleAtFixedRate(
        () -> {
          DemoStats stats = traffic.stats();
          System.out.printf(
              "demo: %d traces, %d spans sent, %d accepted, %d failed; %d log records (%d OTLP exported,"
                  + " %d failed; %d Loki pushes accepted, %d failed)%n",
              stats.traces(),
              stats.spans(),
              stats.spansExported(),
              stats.spansFailed(),
              stats.logs().records(),
              stats.logs().otlpExported(),
              stats.logs().otlpFailed(),
              stats.logs().lokiPushesAccepted(),
              stats.logs().lokiPushesFailed());
        },
        30,
        30,
        TimeUnit.SECONDS);
    new ShutdownSignals(progress::shutdownNow, traffic, tracemate).await();
    return 0;
  }
}
