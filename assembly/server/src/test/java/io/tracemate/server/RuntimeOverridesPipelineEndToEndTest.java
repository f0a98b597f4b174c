package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.tracemate.testing.TemporaryFolder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's per-tenant settings from the runtime overrides file, on a real server with multitenancy on and spans
 * sent by the OpenTelemetry SDK's OTLP exporter: Tempo's {@code metrics_generator_max_active_series} caps one
 * tenant's span metrics (the Prometheus API shows its overflow series) and not another's; a tenant's own {@code
 * tail_sampling} block decides its traces (read back through the Jaeger API as each tenant), and a changed file
 * changes the policies without a restart. About 5 s.
 */
class RuntimeOverridesPipelineEndToEndTest {
  private static final String A = "team-a";
  private static final String B = "team-b";
  private static final String ERRORS_ONLY =
      """
          tail_sampling:
            decision_wait: 300ms
            policies: [{name: errors, type: status_code, status_code: {status_codes: [ERROR]}}]
      """;

  private static TemporaryFolder folder;
  private static Path overrides;
  private static TracemateServer server;
  private static QueryPortClient queries;

  @BeforeAll
  static void start() throws Exception {
    folder = TemporaryFolder.create("tracemate-overrides-pipeline");
    overrides = folder.path().resolve("overrides.yaml");
    Files.writeString(
        overrides,
        """
        overrides:
          team-a:
            metrics_generator_max_active_series: 2
        """
            + ERRORS_ONLY);
    server =
        TracemateServer.start(
            RunningServer.yamlConfig(
                folder.path(),
                """
                multitenancy: {enabled: true}
                runtime-config: {file: "%s", period: 100ms}
                pipeline:
                  processors:
                    - tail_sampling:
                        decision_wait: 300ms
                        policies: [{name: everything, type: always_sample}]
                """
                    .formatted(overrides.toString().replace("\\", "/"))));
    queries = QueryPortClient.of(server);
  }

  @AfterAll
  static void stop() {
    try (TemporaryFolder ownFolder = folder;
        TracemateServer ownServer = server) {
      // the server first, then its folder
    }
  }

  @Test
  void aTenantsMaxActiveSeriesOverflowsItsSpanMetricsAndNoOtherTenants() throws Exception {
    for (String tenant : List.of(A, B)) {
      send(
          tenant,
          "ledger",
          tracer -> {
            for (int operation = 1; operation <= 4; operation++) {
              tracer.spanBuilder("GET /op-" + operation).startSpan().end();
            }
          });
    }
    String callsOfLedger = "traces_span_metrics_calls_total{service_name=\"ledger\"}";
    String overflow = "traces_span_metrics_calls_total{otel_metric_overflow=\"true\"}";
    assertThat(awaitSeries(A, overflow, 1)).as("A's spans beyond its cap of 2").isNotEmpty();
    assertThat(spanNames(series(A, callsOfLedger)))
        .as("A's first two operations")
        .containsExactly("GET /op-1", "GET /op-2");
    assertThat(awaitSpanNames(B, callsOfLedger, 4))
        .as("B: no cap of its own")
        .containsExactly("GET /op-1", "GET /op-2", "GET /op-3", "GET /op-4");
    assertThat(series(B, overflow)).isEmpty();

    String diff = queries.get("/runtime_config?mode=diff", null, A).body();
    assertThat(diff).contains("metrics_generator_max_active_series: 2");
  }

  @Test
  void aTenantsOwnTailSamplingPolicyDecidesItsTracesAndAReloadChangesIt() throws Exception {
    // A keeps only error traces (its own block), B everything (the pipeline's block).
    Traces first = sendOkThenError();
    awaitTrace(first.errorOf(A), A);
    awaitTrace(first.okOf(B), B);
    awaitTrace(first.errorOf(B), B);
    // Acknowledged spans are visible at once (the span head), a trace the sampler drops until the
    // store
    // has caught up past it: A's ok trace is seen, then gone.
    awaitTrace(first.okOf(A), A);
    awaitTraceDropped(first.okOf(A), A);
    assertThat(traceStatus(first.errorOf(A), B))
        .as("one tenant never reads another's")
        .isEqualTo(404);
    assertThat(
            awaitMetric(
                A, "tracemate_sampling_traces_total{decision=\"not_sampled\",tenant=\"team-a\"}"))
        .isGreaterThanOrEqualTo(1);

    replaceOverrides(
        """
        overrides:
          team-a:
            metrics_generator_max_active_series: 2
          team-b:
        """
            + ERRORS_ONLY);
    awaitReload("team-b:");

    Traces second = sendOkThenError();
    awaitTrace(second.okOf(A), A);
    awaitTrace(second.errorOf(A), A);
    awaitTrace(second.errorOf(B), B);
    awaitTrace(second.okOf(B), B);
    awaitTraceDropped(second.okOf(B), B); // B's ok trace, after the reload
  }

  /** One ok trace, then one error trace, of each tenant; their trace IDs. */
  private record Traces(List<String> ok, List<String> error) {
    String okOf(String tenant) {
      return ok.get(tenant.equals(A) ? 0 : 1);
    }

    String errorOf(String tenant) {
      return error.get(tenant.equals(A) ? 0 : 1);
    }
  }

  private static Traces sendOkThenError() {
    List<String> ok = new ArrayList<>();
    List<String> error = new ArrayList<>();
    for (String tenant : List.of(A, B)) {
      send(
          tenant,
          "payments",
          tracer -> {
            Span fine = tracer.spanBuilder("POST /pay").startSpan();
            fine.end();
            ok.add(fine.getSpanContext().getTraceId());
            Span failed = tracer.spanBuilder("POST /pay").startSpan();
            failed.setStatus(StatusCode.ERROR, "declined");
            failed.end();
            error.add(failed.getSpanContext().getTraceId());
          });
    }
    return new Traces(ok, error);
  }

  /** Spans made by {@code body} as {@code tenant}'s {@code service}, exported in one OTLP gRPC request. */
  private static void send(String tenant, String service, Consumer<Tracer> body) {
    List<SpanData> spans =
        SdkSpanExports.record(RealClients.resource(service), IdGenerator.random(), body);
    SpanExporter exporter =
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + server.otlpGrpcPort())
            .addHeader("X-Scope-OrgID", tenant)
            .build();
    assertThat(SdkSpanExports.accepted(exporter, spans)).as(tenant + " sent").isTrue();
  }

  private static void replaceOverrides(String yaml) throws Exception {
    Path next = overrides.resolveSibling("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(
        next, overrides, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitReload(String expected) throws Exception {
    long deadline = deadline();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = queries.get("/runtime_config?mode=diff", null, A).body();
      if (last.contains(expected)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the overrides were not reloaded; /runtime_config says " + last);
  }

  private static int traceStatus(String traceId, String tenant) throws Exception {
    return queries.get("/api/traces/" + traceId, null, tenant).statusCode();
  }

  private static void awaitTrace(String traceId, String tenant) throws Exception {
    long deadline = deadline();
    while (System.nanoTime() < deadline) {
      if (traceStatus(traceId, tenant) == 200) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("trace " + traceId + " of " + tenant + " was never stored");
  }

  private static void awaitTraceDropped(String traceId, String tenant) throws Exception {
    long deadline = deadline();
    while (System.nanoTime() < deadline) {
      if (traceStatus(traceId, tenant) == 404) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("trace " + traceId + " of " + tenant + " was kept, not dropped");
  }

  private static List<JsonNode> series(String tenant, String selector) throws Exception {
    JsonNode answer =
        queries.getJson(
            "/api/v1/series?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8),
            null,
            tenant);
    List<JsonNode> out = new ArrayList<>();
    answer.path("data").forEach(out::add);
    return out;
  }

  private static List<JsonNode> awaitSeries(String tenant, String selector, int count)
      throws Exception {
    long deadline = deadline();
    List<JsonNode> last = List.of();
    while (System.nanoTime() < deadline) {
      last = series(tenant, selector);
      if (last.size() >= count) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(selector + " of " + tenant + ": only " + last);
  }

  /** The span names of the series {@code selector} finds, once there are {@code count} (or more). */
  private static java.util.SortedSet<String> awaitSpanNames(
      String tenant, String selector, int count) throws Exception {
    long deadline = deadline();
    java.util.SortedSet<String> last = new java.util.TreeSet<>();
    while (System.nanoTime() < deadline) {
      last = spanNames(series(tenant, selector));
      if (last.size() >= count) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(selector + " of " + tenant + ": only " + last);
  }

  private static java.util.SortedSet<String> spanNames(List<JsonNode> series) {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    series.forEach(one -> names.add(one.path("span_name").asText()));
    return names;
  }

  /** The value of the /metrics line that starts with {@code series}, scraped as {@code tenant}, once it is there. */
  private static double awaitMetric(String tenant, String series) throws Exception {
    long deadline = deadline();
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> scrape = queries.get("/metrics", null, tenant);
      last = scrape.body();
      for (String line : last.split("\n")) {
        if (line.startsWith(series + " ")) {
          return Double.parseDouble(line.substring(series.length() + 1).trim());
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError(series + " never scraped; last scrape:\n" + last);
  }

  /** 20 s from now: far beyond what the server needs, bounded. */
  private static long deadline() {
    return System.nanoTime() + Duration.ofSeconds(20).toNanos();
  }
}
