package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.kafka.broker.KafkaBrokerExtension;
import io.tracemate.server.config.ConfigLoader;
import io.tracemate.server.config.TracemateConfig;
import io.tracemate.testing.opensearch.OpenSearchExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ingester and a querier apart, sharing Kafka and OpenSearch: the querier, which sees no span itself, answers the
 * RED, Prometheus and topology APIs from the span metrics and service graph the ingester publishes; a querier started
 * afterwards rebuilds the same figures from the metrics topic.
 */
class SharedMetricsRolesEndToEndTest {
  @RegisterExtension static final OpenSearchExtension OPENSEARCH = new OpenSearchExtension();
  @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

  private static final int TRACES = 20;

  @TempDir Path dir;

  private TracemateConfig config(String name) throws Exception {
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        server:
          bind: 127.0.0.1
        receivers:
          otlp-grpc-port: 0
          otlp-http-port: 0
          zipkin-port: 0
        query:
          http-port: 0
        storage:
          data-dir: "%s"
          backend: opensearch
          opensearch:
            urls: ["%s"]
            index_prefix: shared-metrics
            shards: 1
            replicas: 0
        logs:
          enabled: false
        kafka:
          brokers: ["%s"]
          partitions: 2
          replication-factor: 1
          consumer:
            commit-interval: 300ms
        """
            .formatted(dir.resolve(name), OPENSEARCH.httpUri(), KAFKA.bootstrapServers()));
    return new ConfigLoader().load(file);
  }

  @Test
  void aQuerierAloneAnswersRedAndTopologyFromWhatTheIngesterPublished() throws Exception {
    try (RunningServer ingester =
            new RunningServer(
                TracemateServer.start(config("ingester"), Roles.parse("receiver,ingester")));
        RunningServer querier =
            new RunningServer(TracemateServer.start(config("querier"), Roles.parse("querier")))) {
      send(ingester.server().otlpGrpcPort());

      JsonNode checkout =
          querier.await(
              "/api/red/services/checkout?lookback=1h",
              red -> red.path("summary").path("calls").asLong() == TRACES);
      assertThat(checkout.path("summary").path("errors").asLong()).isEqualTo(TRACES / 5);
      querier.await(
          "/api/v1/query?query="
              + URLEncoder.encode(
                  "sum(traces_span_metrics_calls_total{service_name=\"payments\"})",
                  StandardCharsets.UTF_8),
          result ->
              result
                  .path("data")
                  .path("result")
                  .path(0)
                  .path("value")
                  .path(1)
                  .asText()
                  .equals(String.valueOf(TRACES)));
      JsonNode topology =
          querier.await(
              "/api/topology?lookback=1h", graph -> graph.toString().contains("\"payments\""));
      assertThat(topology.toString()).contains("checkout");

      // A querier started now reads the topic from its beginning: the same figures.
      try (RunningServer late =
          new RunningServer(TracemateServer.start(config("late"), Roles.parse("querier")))) {
        late.await(
            "/api/red/services/checkout?lookback=1h",
            red -> red.path("summary").path("calls").asLong() == TRACES);
      }
      assertThat(
              querier
                  .getJson("/api/red/services/checkout?lookback=1h")
                  .path("summary")
                  .path("calls")
                  .asLong())
          .as("the ingester published every span once")
          .isEqualTo(TRACES);
    }
  }

  @Test
  void aQuerierAloneIsRefusedWhileItsStoresAreEmbedded(@TempDir Path data) {
    TracemateConfig embedded =
        new TracemateConfig(
            new TracemateConfig.ServerSettings("127.0.0.1", java.time.Duration.ofSeconds(5)),
            new TracemateConfig.ReceiverSettings(0, 0, 0, 1L << 20),
            new TracemateConfig.QuerySettings(0),
            new TracemateConfig.StorageSettings(data, null, null, null, null),
            TracemateConfig.IngestSettings.DEFAULTS);
    assertThatThrownBy(() -> TracemateServer.start(embedded, Roles.parse("querier")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs Kafka");
    assertThatThrownBy(
            () -> Roles.parse("querier").checkAgainst(true, false, "the span and log stores are"))
        .hasMessageContaining("the span and log stores are embedded")
        .hasMessageContaining("storage.backend: opensearch");
  }

  /** {@link #TRACES} traces: checkout (SERVER) calls payments (CLIENT → SERVER); every 5th fails. */
  private static void send(int otlpGrpcPort) {
    SdkTracerProvider checkout =
        RealClients.tracerProvider(otlpGrpcPort, RealClients.resource("checkout"));
    SdkTracerProvider payments =
        RealClients.tracerProvider(otlpGrpcPort, RealClients.resource("payments"));
    try {
      for (int i = 0; i < TRACES; i++) {
        boolean failed = i % 5 == 0;
        Span root =
            checkout.get("e2e").spanBuilder("POST /order").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = root.makeCurrent()) {
          Span call =
              checkout.get("e2e").spanBuilder("charge").setSpanKind(SpanKind.CLIENT).startSpan();
          try (Scope inner = call.makeCurrent()) {
            Span charge =
                payments
                    .get("e2e")
                    .spanBuilder("POST /charge")
                    .setSpanKind(SpanKind.SERVER)
                    .startSpan();
            if (failed) {
              charge.setStatus(StatusCode.ERROR, "declined");
            }
            charge.end();
          }
          call.end();
        }
        if (failed) {
          root.setStatus(StatusCode.ERROR, "payment declined");
        }
        root.end();
      }
    } finally {
      checkout.forceFlush().join(10, TimeUnit.SECONDS);
      payments.forceFlush().join(10, TimeUnit.SECONDS);
      checkout.close();
      payments.close();
    }
  }
}
