package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.pipeline.config.ActionConfig;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.server.config.TracemateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processors configured in YAML (collector-style blocks) run before the WAL: what the store and the WAL hold
 * is already redacted and renamed.
 */
class PipelineEndToEndTest {
  @TempDir Path dir;

  private TracemateConfig config(String pipelineYaml) throws Exception {
    return RunningServer.yamlConfig(dir, pipelineYaml);
  }

  @Test
  void redactionAndRenamingHappenBeforeAnythingIsStored() throws Exception {
    RunningServer running =
        new RunningServer(
            TracemateServer.start(
                config(
                    """
        pipeline:
          processors:
            - semantic_alignment: {}
            - redaction:
                patterns: [cn_mobile, bank_card, url_password]
            - attributes/env:
                actions:
                  - {key: deployment.environment, value: prod, action: insert}
                  - {key: internal.debug, action: delete}
        """)));
    TracemateServer server = running.server();
    try {
      SdkTracerProvider provider =
          RealClients.tracerProvider(server.otlpGrpcPort(), RealClients.resource("pay"));
      Span span =
          provider.get("test").spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER).startSpan();
      span.setAttribute("user.phone", "13812345678");
      span.setAttribute("card", "4111 1111 1111 1111");
      span.setAttribute("order.id", "20261121000001");
      span.setAttribute("http.url", "https://alice:s3cret@pay.example/charge");
      span.setAttribute("internal.debug", "x");
      String traceId = span.getSpanContext().getTraceId();
      span.end();
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);

      JsonNode trace =
          running.await("/api/traces/" + traceId, json -> json.path("data").size() == 1);
      Map<String, String> tags = new HashMap<>();
      trace
          .path("data")
          .path(0)
          .path("spans")
          .path(0)
          .path("tags")
          .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
      assertThat(tags.get("user.phone")).doesNotContain("13812345678");
      assertThat(tags.get("card")).doesNotContain("4111 1111 1111 1111");
      assertThat(tags.get("order.id"))
          .as("not a Luhn-valid card: kept")
          .isEqualTo("20261121000001");
      assertThat(tags).doesNotContainKey("http.url").doesNotContainKey("internal.debug");
      assertThat(tags.get("url.full")).contains("alice:").doesNotContain("s3cret");
      assertThat(tags.get("deployment.environment")).isEqualTo("prod");
      assertThat(running.get("/metrics").body())
          .contains("tracemate_processor_spans_in_total{processor=\"redaction\"}");
    } finally {
      running.close();
    }
    // Nothing on disk (WAL or store) holds the secret.
    try (var files = Files.walk(dir.resolve("data"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(
                new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1))
            .as(file.toString())
            .doesNotContain("13812345678")
            .doesNotContain("s3cret");
      }
    }
  }

  @Test
  void aBadProcessorConfigStopsTheStartWithItsLocation() {
    assertThatThrownBy(
            () ->
                config(
                    """
        pipeline:
          processors:
            - attributes:
                actions:
                  - {key: a, action: explode}
        """))
        .hasMessageContaining("pipeline.processors[0].attributes (line 7)")
        .hasMessageContaining("explode");
  }

  @Test
  void aConfigBuiltInCodeIsCheckedWhenTheServerStarts() {
    TracemateConfig built =
        new TracemateConfig(
            null,
            null,
            null,
            new TracemateConfig.StorageSettings(dir.resolve("data"), null, null, null, null),
            null,
            new TracemateConfig.PipelineSettings(
                List.of(
                    new NamedProcessorConfig(
                        "attributes",
                        new AttributesConfig(
                            List.of(
                                new ActionConfig(
                                    "a", "explode", null, null, null, null, null, null)),
                            null,
                            null))),
                null,
                null),
            null);
    assertThatThrownBy(() -> TracemateServer.start(built)).hasMessageContaining("explode");
  }
}
