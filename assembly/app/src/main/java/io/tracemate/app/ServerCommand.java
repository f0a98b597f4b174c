package io.tracemate.app;

import io.tracemate.server.Roles;
import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.TracemateConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracemate server}: runs every role (or those of {@code --target}) until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Run the server: OTLP (gRPC 4317, HTTP 4318) and Zipkin (9411) ingest, the embedded store,"
            + " and the Jaeger-compatible query API with /ready and /metrics (16686).")
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerOptions options = new ServerOptions();

  @Option(
      names = "--target",
      paramLabel = "ROLES",
      defaultValue = "all",
      description =
          "What this process does: all (default: everything in one process), receiver (protocols and the"
              + " processors before storage, into Kafka), ingester (Kafka into the store), querier (APIs and UI"
              + " from the store), or several joined with commas (ingester,querier). Roles apart need the"
              + " kafka block in the config.")
  String target;

  @Override
  public Integer call() throws InterruptedException {
    TracemateConfig config = options.resolve(null);
    TracemateServer server = TracemateServer.start(config, Roles.parse(target));
    new ShutdownSignals(server).await();
    return 0;
  }
}
