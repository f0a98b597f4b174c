package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.tracemate.pipeline.config.RedactionConfig;
import io.tracemate.server.config.TracemateConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The redaction processor listed in the logs pipeline, as a Collector config lists it: log lines, structured
 * metadata and label values from the OpenTelemetry log SDK and loki4j come back redacted, and the secrets are in
 * no file under the data folder, the log write-ahead log included.
 */
class LogRedactionEndToEndTest {
  private static final String OTLP_CARD = "6217001234567890122";
  private static final String OTLP_PHONE = "13912345678";
  private static final String OTLP_PASSWORD = "hunter2-s3cret";
  private static final String LOKI_CARD = "4111111111111111";
  private static final String LOKI_PHONE = "13812345678";

  @TempDir Path dir;

  private static String range(String query, Instant start) {
    return "/loki/api/v1/query_range?query="
        + URLEncoder.encode(query, UTF_8)
        + "&start="
        + start.toEpochMilli() * 1_000_000L
        + "&end="
        + (System.currentTimeMillis() + 60_000) * 1_000_000L
        + "&direction=forward&limit=100";
  }

  private static List<String> lines(JsonNode result) {
    List<String> lines = new ArrayList<>();
    for (JsonNode stream : result.path("data").path("result")) {
      stream.path("values").forEach(value -> lines.add(value.path(1).asText()));
    }
    return lines;
  }

  @Test
  void logsFromBothReceiversAreRedactedBeforeTheLogWal() throws Exception {
    TracemateConfig config =
        RunningServer.yamlConfig(
            dir,
            """
            ingest:
              logs: {flush-interval: 1h}
            pipeline:
              processors:
                - redaction:
                    blocked_key_patterns: ["(?i)password"]
              logs:
                processors: [redaction]
            """);
    try (RunningServer running = new RunningServer(TracemateServer.start(config))) {
      Instant before = Instant.now().minusSeconds(1);
      SdkLoggerProvider provider =
          RealClients.loggerProvider(
              running.server().otlpGrpcPort(), RealClients.resource("payments"));
      provider
          .get("io.bank.Payments")
          .logRecordBuilder()
          .setSeverity(Severity.INFO)
          .setBody("charged card " + OTLP_CARD + " marker-otlp-7f3a")
          .setAttribute(AttributeKey.stringKey("user.phone"), OTLP_PHONE)
          .setAttribute(AttributeKey.stringKey("db.password"), OTLP_PASSWORD)
          .setAttribute(AttributeKey.stringKey("order.id"), "20261121000001")
          .emit();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
      for (boolean protobuf : new boolean[] {true, false}) {
        LoggerContext context =
            RealClients.loki4j(
                "redact-" + protobuf,
                running.httpBase(),
                protobuf,
                "app = refunds",
                "customer = " + LOKI_PHONE);
        try {
          context
              .getLogger("io.bank.Refunds")
              .info("refund to card " + LOKI_CARD + " marker-loki-" + protobuf);
        } finally {
          context.stop();
        }
      }

      JsonNode otlp =
          running.await(
              range("{service_name=\"payments\"}", before), json -> lines(json).size() == 1);
      assertThat(lines(otlp)).containsExactly("charged card **** marker-otlp-7f3a");
      JsonNode labels = otlp.path("data").path("result").path(0).path("stream");
      assertThat(labels.path("user_phone").asText()).isEqualTo(RedactionConfig.DEFAULT_MASK);
      assertThat(labels.path("db_password").asText()).isEqualTo(RedactionConfig.DEFAULT_MASK);
      assertThat(labels.path("order_id").asText())
          .as("no card number: kept")
          .isEqualTo("20261121000001");

      JsonNode loki =
          running.await(range("{app=\"refunds\"}", before), json -> lines(json).size() == 2);
      assertThat(lines(loki))
          .containsExactlyInAnyOrder(
              "refund to card **** marker-loki-true", "refund to card **** marker-loki-false");
      assertThat(loki.path("data").path("result").findValuesAsText("customer"))
          .containsOnly(RedactionConfig.DEFAULT_MASK);

      String metrics = running.get("/metrics").body();
      assertThat(metrics)
          .contains("tracemate_processor_log_lines_in_total{processor=\"redaction\"} 3.0")
          .contains(
              "tracemate_processor_log_events_total{counter=\"bank_card\",processor=\"redaction\"} 3.0");

      // The log WAL holds lines in plain text (the markers prove a secret would be found there);
      // no file under the data folder holds a secret.
      assertThat(filesContaining(dir.resolve("data/logs-wal"), "marker-otlp-7f3a")).isNotEmpty();
      assertThat(filesContaining(dir.resolve("data/logs-wal"), "marker-loki-true")).isNotEmpty();
      for (String secret : List.of(OTLP_CARD, OTLP_PHONE, OTLP_PASSWORD, LOKI_CARD, LOKI_PHONE)) {
        assertThat(filesContaining(dir.resolve("data"), secret)).as(secret).isEmpty();
      }
    }
  }

  @Test
  void aLogsOnlyBlockAndMistakesInTheLogsPipeline() throws Exception {
    TracemateConfig logsOnly =
        RunningServer.yamlConfig(
            dir,
            """
            pipeline:
              logs:
                processors:
                  - redaction/logs: {patterns: [email]}
            """);
    assertThat(logsOnly.pipeline().processors()).isEmpty();
    assertThat(logsOnly.pipeline().logs().processors())
        .singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("redaction/logs"));
    assertThat(TracemateConfig.DEFAULTS.pipeline().logs().processors()).isEmpty();

    assertThatThrownBy(
            () ->
                RunningServer.yamlConfig(
                    dir,
                    """
                    pipeline:
                      logs: {processors: [redaction]}
                    """))
        .hasMessageContaining("'redaction' is not an entry of pipeline.processors");
    assertThatThrownBy(
            () ->
                RunningServer.yamlConfig(
                    dir,
                    """
                    pipeline:
                      processors:
                        - semantic_alignment: {}
                      logs: {processors: [semantic_alignment]}
                    """))
        .hasMessageContaining("only redaction processors run on logs");
    assertThatThrownBy(
            () ->
                RunningServer.yamlConfig(
                    dir,
                    """
                    pipeline:
                      logs:
                        processors:
                          - redaction: {blocked_values: ["("]}
                    """))
        .hasMessageContaining("pipeline.logs.processors[0]")
        .hasMessageContaining("blocked_values[0]");
  }

  /** The files under {@code root} whose bytes contain {@code text} (UTF-8). */
  private static List<Path> filesContaining(Path root, String text) throws IOException {
    byte[] needle = text.getBytes(UTF_8);
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              file -> {
                try {
                  return indexOf(Files.readAllBytes(file), needle) >= 0;
                } catch (NoSuchFileException e) {
                  return false; // deleted meanwhile (a merged index file)
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
