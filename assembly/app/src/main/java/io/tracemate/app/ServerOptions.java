package io.tracemate.app;

import io.tracemate.server.config.ConfigLoader;
import io.tracemate.server.config.TracemateConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags shared by {@code server} and {@code demo}; each overrides the same key of the YAML config. */
final class ServerOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML config (every key: config/tracemate.example.yaml). Flags override it.")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Data folder (storage.data-dir, default ./data).")
  Path dataDir;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      description =
          "Address to listen on (server.bind, default 127.0.0.1; use 0.0.0.0 in a cluster).")
  String bind;

  @Option(
      names = "--otlp-grpc-port",
      paramLabel = "N",
      description = "OTLP/gRPC port (default 4317).")
  Integer otlpGrpcPort;

  @Option(
      names = "--otlp-http-port",
      paramLabel = "N",
      description = "OTLP/HTTP port (default 4318).")
  Integer otlpHttpPort;

  @Option(names = "--zipkin-port", paramLabel = "N", description = "Zipkin v2 port (default 9411).")
  Integer zipkinPort;

  @Option(
      names = "--http-port",
      paramLabel = "N",
      description = "Query API, /ready and /metrics port (default 16686).")
  Integer httpPort;

  /** The config file (or defaults) with every given flag applied on top. */
  TracemateConfig resolve(Path defaultDataDir) {
    TracemateConfig file =
        config == null ? TracemateConfig.DEFAULTS : new ConfigLoader().load(config);
    TracemateConfig.StorageSettings storage = file.storage();
    Path dir =
        dataDir != null
            ? dataDir
            : (config == null && defaultDataDir != null ? defaultDataDir : storage.dataDir());
    return new TracemateConfig(
        new TracemateConfig.ServerSettings(
            bind != null ? bind : file.server().bind(),
            file.server().shutdownGrace(),
            file.server().tls()),
        new TracemateConfig.ReceiverSettings(
            otlpGrpcPort != null ? otlpGrpcPort : file.receivers().otlpGrpcPort(),
            otlpHttpPort != null ? otlpHttpPort : file.receivers().otlpHttpPort(),
            zipkinPort != null ? zipkinPort : file.receivers().zipkinPort(),
            file.receivers().maxRequestBytes(),
            file.receivers().maxSpanAge(),
            file.receivers().spanCreationGracePeriod(),
            file.receivers().maxInflightRequestBytes(),
            file.receivers().tls(),
            file.receivers().maxRequestObjects()),
        httpPort != null ? file.query().withHttpPort(httpPort) : file.query(),
        storage.withDataDir(dir),
        file.ingest(),
        file.pipeline(),
        file.logs(),
        file.auth(),
        file.multitenancy(),
        file.audit(),
        file.runtimeConfig(),
        file.ruler(),
        file.alerting(),
        file.kafka());
  }
}
