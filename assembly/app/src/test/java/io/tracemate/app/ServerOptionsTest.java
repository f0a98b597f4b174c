package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.server.config.ConfigLoader;
import io.tracemate.server.config.TracemateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flags override their own keys of the config file and leave every other key of it as the file says. */
class ServerOptionsTest {
  @TempDir Path folder;

  @Test
  void flagsChangeTheirKeysAndKeepEveryOtherKeyOfTheFile() throws IOException {
    Path file = folder.resolve("tracemate.yaml");
    Files.writeString(
        file,
        """
        server: {bind: 127.0.0.2, shutdown-grace: 7s}
        receivers: {otlp-grpc-port: 1, otlp-http-port: 2, zipkin-port: 3, max-request-bytes: 1MiB}
        query:
          http-port: 4
          promql: {timeout: 7s}
          fresh-reads: {enabled: false, head-max-bytes: 8MiB}
        storage:
          data-dir: %s
          refresh-interval: 3s
          backend: opensearch
          logs-backend: embedded
          opensearch: {urls: ["http://127.0.0.1:9"]}
        """
            .formatted(folder.resolve("from-file")));
    ServerOptions options = new ServerOptions();
    options.config = file;
    options.httpPort = 14;
    options.otlpGrpcPort = 11;
    options.dataDir = folder.resolve("from-flag");

    TracemateConfig resolved = options.resolve(null);
    TracemateConfig fromFile = new ConfigLoader().load(file);

    assertThat(resolved.query().httpPort()).isEqualTo(14);
    assertThat(resolved.query().promql()).isEqualTo(fromFile.query().promql());
    assertThat(resolved.query().promql().timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(resolved.query().freshReads()).isEqualTo(fromFile.query().freshReads());
    assertThat(resolved.query().freshReads().enabled()).isFalse();
    assertThat(resolved.receivers().otlpGrpcPort()).isEqualTo(11);
    assertThat(resolved.receivers().otlpHttpPort()).isEqualTo(2);
    assertThat(resolved.receivers().maxRequestBytes()).isEqualTo(1L << 20);
    assertThat(resolved.server()).isEqualTo(fromFile.server());
    assertThat(resolved.storage().dataDir()).isEqualTo(folder.resolve("from-flag"));
    assertThat(resolved.storage().withDataDir(fromFile.storage().dataDir()))
        .isEqualTo(fromFile.storage());
    assertThat(resolved.storage().logsBackend())
        .isEqualTo(TracemateConfig.StorageSettings.Backend.EMBEDDED);
  }

  @Test
  void withoutFlagsTheFileIsTakenAsItIs() throws IOException {
    Path file = folder.resolve("tracemate.yaml");
    Files.writeString(file, "query: {fresh-reads: {enabled: false}}\n");
    ServerOptions options = new ServerOptions();
    options.config = file;

    assertThat(options.resolve(null)).isEqualTo(new ConfigLoader().load(file));
  }
}
