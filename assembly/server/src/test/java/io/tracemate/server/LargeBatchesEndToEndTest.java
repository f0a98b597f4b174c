package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.tracemate.server.config.TracemateConfig;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bound on what a request decodes into (receivers.max-request-objects, and its heap charged to the in-flight
 * budget) with its defaults lets the largest legitimate batches through: 5,000 spans recorded by the OpenTelemetry
 * SDK and exported in one request by its OTLP exporters (gRPC and HTTP), and 20,000 lines pushed by loki4j in one
 * push (protobuf and JSON).
 */
class LargeBatchesEndToEndTest {
  private static final int TRACES = 50;
  private static final int SPANS_PER_TRACE = 100;
  private static final int LINES = 20_000;

  @TempDir Path dir;

  @Test
  void fiveThousandSdkSpansInOneExportAreAccepted() throws Exception {
    TracemateConfig config = RunningServer.yamlConfig(dir, "");
    try (RunningServer running = new RunningServer(TracemateServer.start(config))) {
      List<SpanData> spans = recordSpans();
      assertThat(spans).hasSize(TRACES * SPANS_PER_TRACE);

      OtlpGrpcSpanExporter grpc =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + running.server().otlpGrpcPort())
              .setTimeout(Duration.ofMinutes(1))
              .build();
      OtlpHttpSpanExporter http =
          OtlpHttpSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + running.server().otlpHttpPort() + "/v1/traces")
              .setTimeout(Duration.ofMinutes(1))
              .build();
      try {
        assertThat(grpc.export(spans).join(1, TimeUnit.MINUTES).isSuccess()).isTrue();
        // The same spans again over HTTP: stored once, as any retry would be.
        assertThat(http.export(spans).join(1, TimeUnit.MINUTES).isSuccess()).isTrue();
      } finally {
        grpc.shutdown().join(10, TimeUnit.SECONDS);
        http.shutdown().join(10, TimeUnit.SECONDS);
      }

      for (String traceId :
          List.of(spans.get(0).getTraceId(), spans.get(spans.size() - 1).getTraceId())) {
        JsonNode trace =
            running.await(
                "/api/traces/" + traceId,
                json -> json.path("data").path(0).path("spans").size() == SPANS_PER_TRACE);
        assertThat(trace.path("data").path(0).path("spans").size()).isEqualTo(SPANS_PER_TRACE);
      }
    }
  }

  @Test
  void twentyThousandLinesInOneLoki4jPushAreAccepted() throws Exception {
    TracemateConfig config = RunningServer.yamlConfig(dir, "");
    try (RunningServer running = new RunningServer(TracemateServer.start(config))) {
      for (boolean protobuf : new boolean[] {true, false}) {
        String app = protobuf ? "bulk-proto" : "bulk-json";
        LoggerContext context = loki4j(running.httpBase(), protobuf, app);
        try {
          Logger logger = context.getLogger("bulk");
          for (int i = 0; i < LINES; i++) {
            logger.info("order placed order_id={} amount={} user=u-{}", i, i % 300, i % 977);
          }
        } finally {
          context.stop(); // sends what loki4j still buffers
        }
        String count =
            "/loki/api/v1/query?query="
                + URLEncoder.encode("sum(count_over_time({app=\"" + app + "\"}[1h]))", UTF_8);
        JsonNode counted =
            running.await(
                count,
                json ->
                    json.path("data").path("result").size() == 1
                        && json.path("data")
                            .path("result")
                            .path(0)
                            .path("value")
                            .path(1)
                            .asText()
                            .equals(String.valueOf(LINES)));
        assertThat(counted.path("data").path("result").path(0).path("value").path(1).asText())
            .isEqualTo(String.valueOf(LINES));
      }
    }
  }

  /** Spans as a service records them: traces of a root and 99 children, ten attributes each. */
  private static List<SpanData> recordSpans() {
    return SdkSpanExports.record(
        RealClients.resource("bulk-orders", "deployment.environment", "prod"),
        IdGenerator.random(),
        tracer -> {
          for (int t = 0; t < TRACES; t++) {
            Span root = tracer.spanBuilder("POST /orders").startSpan();
            try (Scope ignored = root.makeCurrent()) {
              for (int s = 1; s < SPANS_PER_TRACE; s++) {
                Span child = tracer.spanBuilder("SELECT orders " + s).startSpan();
                for (int a = 0; a < 10; a++) {
                  child.setAttribute("app.attribute." + a, "value-" + t + "-" + s + "-" + a);
                }
                child.end();
              }
            } finally {
              root.end();
            }
          }
        });
  }

  /** loki4j sending a batch only when it holds all the lines (or after a minute): one push of 20,000. */
  private static LoggerContext loki4j(String httpBase, boolean protobuf, String app)
      throws Exception {
    String xml =
        """
        <configuration>
          <appender name="LOKI" class="com.github.loki4j.logback.Loki4jAppender">
            <http>
              <url>%s/loki/api/v1/push</url>
              <useProtobufApi>%s</useProtobufApi>
              <requestTimeoutMs>60000</requestTimeoutMs>
            </http>
            <batch><maxItems>%d</maxItems><timeoutMs>60000</timeoutMs></batch>
            <labels>
              app = %s
            </labels>
            <message class="ch.qos.logback.classic.PatternLayout"><pattern>%%msg</pattern></message>
          </appender>
          <root level="INFO"><appender-ref ref="LOKI"/></root>
        </configuration>
        """
            .formatted(httpBase, protobuf, LINES, app);
    return RealClients.logback("bulk-" + app, xml);
  }
}
