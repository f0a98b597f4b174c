package io.tracemate.app;

import io.tracemate.server.TracemateServer;
import io.tracemate.server.config.TracemateConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tracemate server}: runs every role in this process until SIGTERM or Ctrl-C. */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Run the server: OTLP (gRPC 4317, HTTP 4318) and Zipkin (9411) ingest, the embedded store,"
            + " and the Jaeger-compatible query API with /ready and /metrics (16686).")
final class ServerCommand implements Callable<Integer> {
  @Mixin ServerOptions options = new ServerOptions();

  @Override
  public Integer call() throws InterruptedException {
    TracemateConfig config = options.resolve(null);
    TracemateServer server = TracemateServer.start(config);
    new ShutdownSignals(server).await();
    return 0;
  }
}
