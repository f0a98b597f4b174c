package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.tracemate.server.config.TracemateConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole trace pipeline through real OTLP: span metrics and the service graph count every span, the tail
 * sampler keeps only error traces, and the topology, RED and Jaeger dependencies APIs answer from what was
 * counted, not from what was kept.
 */
class SamplingAndTopologyEndToEndTest {
  @TempDir Path dir;

  private TracemateConfig config(String pipelineYaml) throws Exception {
    return RunningServer.yamlConfig(dir, pipelineYaml);
  }

  private static SdkTracerProvider provider(String service, int port) {
    return RealClients.tracerProvider(
        port, RealClients.resource(service, "k8s.namespace.name", "shop"));
  }

  /** gateway (SERVER, CLIENT) → orders (SERVER, CLIENT to mysql); returns the trace ID. */
  private static String request(Tracer gateway, Tracer orders, boolean failing) {
    Span entry = gateway.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = entry.makeCurrent()) {
      Span call = gateway.spanBuilder("GET /orders").setSpanKind(SpanKind.CLIENT).startSpan();
      try (Scope inner = call.makeCurrent()) {
        Span served = orders.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope innermost = served.makeCurrent()) {
          Span db =
              orders
                  .spanBuilder("SELECT orders")
                  .setSpanKind(SpanKind.CLIENT)
                  .setAttribute("db.system", "mysql")
                  .setAttribute("db.name", "orders")
                  .startSpan();
          db.end();
        }
        if (failing) {
          served.setStatus(StatusCode.ERROR, "boom");
        }
        served.end();
      }
      call.end();
    }
    entry.end();
    return entry.getSpanContext().getTraceId();
  }

  @Test
  void everySpanIsCountedButOnlyErrorTracesAreKept() throws Exception {
    RunningServer running =
        new RunningServer(
            TracemateServer.start(
                config(
                    """
        pipeline:
          processors:
            - tail_sampling:
                decision_wait: 1s
                policies:
                  - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
        """)));
    try {
      int port = running.server().otlpGrpcPort();
      SdkTracerProvider gatewayProvider = provider("gateway", port);
      SdkTracerProvider ordersProvider = provider("orders", port);
      List<String> kept = new ArrayList<>();
      List<String> dropped = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String id = request(gatewayProvider.get("t"), ordersProvider.get("t"), i % 5 == 0);
        (i % 5 == 0 ? kept : dropped).add(id);
      }
      for (SdkTracerProvider provider : List.of(gatewayProvider, ordersProvider)) {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
        provider.shutdown().join(10, TimeUnit.SECONDS);
      }

      JsonNode topology =
          running.await(
              "/api/topology?lookback=1h",
              json ->
                  json.path("edges").size() >= 2 && edgeRequests(json, "gateway", "orders") == 10);
      assertThat(edge(topology, "orders", "mysql/orders").path("requests").asLong()).isEqualTo(10);
      JsonNode ordersNode = node(topology, "orders");
      assertThat(ordersNode.path("red").path("calls").asLong()).isEqualTo(10);
      assertThat(ordersNode.path("red").path("errors").asLong()).isEqualTo(2);
      assertThat(ordersNode.path("health").path("state").asText()).isEqualTo("critical");
      assertThat(ordersNode.path("namespace").asText()).isEqualTo("shop");

      JsonNode red = running.getJson("/api/red/services/orders?lookback=1h");
      assertThat(red.path("summary").path("calls").asLong()).isEqualTo(10);
      assertThat(red.path("summary").path("errorRatio").asDouble()).isEqualTo(0.2);

      JsonNode dependencies =
          running.getJson(
              "/api/dependencies?endTs="
                  + (System.currentTimeMillis() + 1000)
                  + "&lookback=3600000");
      assertThat(dependencies.path("data").toString())
          .contains("\"parent\":\"gateway\",\"child\":\"orders\"", "\"callCount\":10");

      for (String id : kept) {
        running.await(
            "/api/traces/" + id, json -> json.path("data").path(0).path("spans").size() == 4);
      }
      // The dropped traces are decided when their decision_wait ends, which on a loaded machine may
      // be after the kept ones were stored: wait (bounded) for all ten decisions before reading the
      // counters.
      String metrics = running.get("/metrics").body();
      for (int attempt = 0;
          attempt < 200 && !metrics.contains("decision=\"not_sampled\"} 8.0");
          attempt++) {
        Thread.sleep(100);
        metrics = running.get("/metrics").body();
      }
      assertThat(metrics)
          .contains(
              "traces_span_metrics_calls_total{",
              "traces_service_graph_request_total{",
              "tracemate_sampling_traces_total{decision=\"sampled\"} 2.0",
              "tracemate_sampling_traces_total{decision=\"not_sampled\"} 8.0");
      // A trace waiting for its decision is visible (from the span head, see "Read what you just
      // wrote"); a dropped one goes once the store caught up past its records (a refresh, 100 ms
      // here, after the decision): bounded wait, then it must be gone for good.
      for (String id : dropped) {
        int status = 0;
        for (int attempt = 0; attempt < 100; attempt++) {
          status = running.get("/api/traces/" + id).statusCode();
          if (status == 404) {
            break;
          }
          Thread.sleep(100);
        }
        assertThat(status).as("dropped trace " + id).isEqualTo(404);
      }
    } finally {
      running.close();
    }
  }

  /** The configuration fails where it is read, with the key path and line, before anything starts. */
  @Test
  void tailSamplingMustBeLastAndItsConfigErrorsNameThePath() {
    assertThatThrownBy(
            () ->
                config(
                    """
        pipeline:
          processors:
            - tail_sampling: {policies: [{name: all, type: always_sample}]}
            - redaction: {}
        """))
        .hasMessageContaining("pipeline.processors[0].tail_sampling (line 7)")
        .hasMessageContaining("'tail_sampling' must be the last processor");
    assertThatThrownBy(
            () ->
                config(
                    """
        pipeline:
          processors:
            - tail_sampling: {policies: [{name: x, type: sometimes}]}
        """))
        .hasMessageContaining("pipeline.processors[0].tail_sampling (line 7)")
        .hasMessageContaining("sometimes");
    assertThatThrownBy(
            () ->
                config(
                    """
        pipeline:
          spanmetrics: {aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA}
        """))
        .hasMessageContaining("pipeline.spanmetrics.aggregation_temporality (line 6)");
    assertThat(dir.resolve("data")).as("nothing was started").doesNotExist();
  }

  private static long edgeRequests(JsonNode topology, String source, String target) {
    for (JsonNode edge : topology.path("edges")) {
      if (edge.path("source").asText().equals(source)
          && edge.path("target").asText().equals(target)) {
        return edge.path("requests").asLong();
      }
    }
    return -1;
  }

  private static JsonNode edge(JsonNode topology, String source, String target) {
    for (JsonNode edge : topology.path("edges")) {
      if (edge.path("source").asText().equals(source)
          && edge.path("target").asText().equals(target)) {
        return edge;
      }
    }
    throw new AssertionError("no edge " + source + " → " + target + " in " + topology);
  }

  private static JsonNode node(JsonNode topology, String name) {
    for (JsonNode node : topology.path("nodes")) {
      if (node.path("name").asText().equals(name)) {
        return node;
      }
    }
    throw new AssertionError("no node " + name + " in " + topology);
  }
}
