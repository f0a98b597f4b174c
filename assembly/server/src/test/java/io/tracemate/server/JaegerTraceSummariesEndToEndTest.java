package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Jaeger UI's search page against a real server: {@code GET /api/v3/trace-summaries} (api_v3's
 * {@code FindTraceSummaries}) over traces the OpenTelemetry SDK sent over OTLP/gRPC, every field of a summary on
 * traces with errors, orphans and several services, the parameter errors and limits of Jaeger's HTTP gateway, and the
 * error shapes of routes the gateway does not have.
 *
 * <p>Read from jaegertracing/jaeger-ui at c321fb3 (2.20.0, {@code packages/jaeger-ui/src/api/v3/client.ts}
 * {@code fetchTraceSummaries}, {@code schemas.ts}), jaegertracing/jaeger at 8498073
 * ({@code cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/http_gateway.go}, {@code query_parser.go},
 * {@code querysvc/summary.go}) and jaegertracing/jaeger-idl at 74be563 ({@code proto/api_v3/query_service.proto}).
 */
class JaegerTraceSummariesEndToEndTest {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The UI's zod schema: {@code traceIdHex}, and timestamps that {@code BigInt()} can read. */
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");

  private static final Pattern DECIMAL = Pattern.compile("\\d+");
  private static final int BATCH_TRACES = 5;

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();
  private static final HttpClient http = HttpClient.newHttpClient();

  private static Instant t0;
  private static String dispatchTrace;
  private static String partialTrace;
  private static final List<String> batchTraces = new ArrayList<>();

  @BeforeAll
  static void sendTraces() throws Exception {
    // Whole milliseconds, as the UI's times are, so the window edges below are exact.
    t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    int port = SERVER.server().otlpGrpcPort();
    SdkTracerProvider frontend = RealClients.tracerProvider(port, RealClients.resource("frontend"));
    SdkTracerProvider driver = RealClients.tracerProvider(port, RealClients.resource("driver"));
    SdkTracerProvider route = RealClients.tracerProvider(port, RealClients.resource("route"));
    SdkTracerProvider payments = RealClients.tracerProvider(port, RealClients.resource("payments"));
    SdkTracerProvider batch = RealClients.tracerProvider(port, RealClients.resource("batch"));
    try {
      dispatchTrace =
          sendDispatch(frontend.get("io.example.http"), driver.get("io.example.rpc"), route);
      partialTrace = sendPartial(payments.get("io.example.jobs"));
      Tracer jobs = batch.get("io.example.jobs");
      for (int i = 0; i < BATCH_TRACES; i++) {
        Span job =
            jobs.spanBuilder("job " + i)
                .setNoParent()
                .setStartTimestamp(t0.minusSeconds(10L * i))
                .startSpan();
        job.end(t0.minusSeconds(10L * i).plusMillis(3));
        batchTraces.add(job.getSpanContext().getTraceId());
      }
    } finally {
      for (SdkTracerProvider provider : List.of(frontend, driver, route, payments, batch)) {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
        provider.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
    SERVER.await(
        summariesPath("query.startTimeMin", iso(t0.minusSeconds(3600))),
        json -> json.path("summaries").size() == 2 + BATCH_TRACES);
  }

  /**
   * frontend {@code GET /dispatch} → frontend client → driver server (ERROR) → driver's SQL call (ERROR); and
   * frontend → route, which ends last.
   */
  private static String sendDispatch(Tracer frontend, Tracer driver, SdkTracerProvider routes) {
    Span root =
        frontend
            .spanBuilder("GET /dispatch")
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.method", "GET")
            .setStartTimestamp(t0)
            .startSpan();
    Span call = start(frontend, "find driver", SpanKind.CLIENT, under(root), 5);
    Span served = start(driver, "find driver", SpanKind.SERVER, under(call), 8);
    Span sql = start(driver, "SELECT drivers", SpanKind.CLIENT, under(served), 10);
    Span routed = start(routes.get("io.example.rpc"), "/route", SpanKind.SERVER, under(root), 190);
    sql.setStatus(StatusCode.ERROR, "deadlock");
    sql.end(t0.plusMillis(150));
    served.setStatus(StatusCode.ERROR, "no driver free");
    served.end(t0.plusMillis(180));
    call.end(t0.plusMillis(185));
    root.end(t0.plusMillis(200));
    routed.end(t0.plusMillis(250));
    return root.getSpanContext().getTraceId();
  }

  /**
   * A trace whose root never arrived: a batch job continued from a remote parent that was not sent, its child,
   * and a second span continued from another parent that was not sent either.
   */
  private static String sendPartial(Tracer payments) {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Context lost = remoteParent(traceId, "00f067aa0ba902b7");
    Context lostToo = remoteParent(traceId, "00f067aa0ba902b8");
    Span settle = start(payments, "settle batch", SpanKind.INTERNAL, lost, 1_000);
    Span ledger = start(payments, "write ledger", SpanKind.INTERNAL, under(settle), 1_010);
    Span retry = start(payments, "retry", SpanKind.INTERNAL, lostToo, 1_500);
    ledger.end(t0.plusMillis(1_040));
    settle.end(t0.plusMillis(1_050));
    retry.end(t0.plusMillis(1_600));
    return traceId;
  }

  /** Starts a span of {@code tracer} under {@code parent}, {@code millisAfterT0} after {@code t0}. */
  private static Span start(
      Tracer tracer, String name, SpanKind kind, Context parent, long millisAfterT0) {
    return tracer
        .spanBuilder(name)
        .setSpanKind(kind)
        .setParent(parent)
        .setStartTimestamp(t0.plusMillis(millisAfterT0))
        .startSpan();
  }

  private static Context under(Span parent) {
    return Context.root().with(parent);
  }

  private static Context remoteParent(String traceId, String spanId) {
    return Context.root()
        .with(
            Span.wrap(
                SpanContext.createFromRemoteParent(
                    traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault())));
  }

  @Test
  void theJaegerUiSearchCallFindsTheTraceAndReadsEveryField() throws Exception {
    // JaegerClient.fetchTraceSummaries builds this with URLSearchParams from the search form: the
    // service, the
    // operation, start/end in microseconds turned into Date.toISOString(), the limit, the
    // durations, and the tags
    // field (logfmt) as convTagsLogfmt's JSON.
    long startMicros = t0.minusSeconds(3600).toEpochMilli() * 1000;
    long endMicros = t0.plusSeconds(60).toEpochMilli() * 1000;
    String url =
        "/api/v3/trace-summaries?"
            + form(
                "query.serviceName", "frontend",
                "query.operationName", "GET /dispatch",
                "query.startTimeMin", iso(Instant.ofEpochMilli(startMicros / 1000)),
                "query.startTimeMax", iso(Instant.ofEpochMilli(endMicros / 1000)),
                "query.searchDepth", "20",
                "query.durationMin", "100ms",
                "query.durationMax", "1.5s",
                "query.attributes", "{\"http.method\":\"GET\"}");
    HttpResponse<String> response = SERVER.get(url);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode summaries = RunningServer.JSON.readTree(response.body()).get("summaries");
    assertThat(summaries).hasSize(1);
    JsonNode summary = summaries.get(0);
    assertMatchesTheUiSchema(summary);

    assertThat(summary)
        .isEqualTo(
            RunningServer.JSON.readTree(
                """
                {"traceId":"%s","rootServiceName":"frontend","rootOperationName":"GET /dispatch",
                 "minStartTimeUnixNano":"%d","maxEndTimeUnixNano":"%d",
                 "spanCount":5,"errorSpanCount":2,
                 "services":[{"name":"driver","spanCount":2,"errorSpanCount":2},
                             {"name":"frontend","spanCount":2},{"name":"route","spanCount":1}]}"""
                    .formatted(dispatchTrace, nanos(t0), nanos(t0.plusMillis(250)))));
    // What the search page then shows, computed as client.ts computes it.
    long startNs = Long.parseLong(summary.get("minStartTimeUnixNano").asText());
    long endNs = Long.parseLong(summary.get("maxEndTimeUnixNano").asText());
    assertThat((endNs - startNs) / 1000).as("duration in µs").isEqualTo(250_000);
    assertThat(
            summary.get("rootServiceName").asText()
                + ": "
                + summary.get("rootOperationName").asText())
        .isEqualTo("frontend: GET /dispatch");
  }

  @Test
  void aTraceMissingItsRootCountsItsOrphansAndIsNamedAfterTheEarliest() throws Exception {
    JsonNode summary =
        onlySummary(
            summariesPath(
                "query.serviceName", "payments", "query.startTimeMin", iso(t0.minusSeconds(60))));
    assertMatchesTheUiSchema(summary);
    assertThat(summary)
        .isEqualTo(
            RunningServer.JSON.readTree(
                """
                {"traceId":"%s","rootServiceName":"payments","rootOperationName":"settle batch",
                 "minStartTimeUnixNano":"%d","maxEndTimeUnixNano":"%d",
                 "spanCount":3,"orphanSpanCount":2,
                 "services":[{"name":"payments","spanCount":3}]}"""
                    .formatted(
                        partialTrace, nanos(t0.plusMillis(1_000)), nanos(t0.plusMillis(1_600)))));
  }

  @Test
  void searchesWithoutAServiceFindEveryServicesTracesNewestFirst() throws Exception {
    // The UI leaves query.serviceName out for "all services".
    JsonNode body = SERVER.getJson(summariesPath("query.startTimeMin", iso(t0.minusSeconds(3600))));
    List<String> ids = new ArrayList<>();
    body.get("summaries").forEach(summary -> ids.add(summary.get("traceId").asText()));
    List<String> expected = new ArrayList<>(List.of(partialTrace, dispatchTrace));
    expected.addAll(batchTraces);
    assertThat(ids).containsExactlyElementsOf(expected);
  }

  @Test
  void searchDepthAndItsAliasesKeepTheNewestTraces() throws Exception {
    String since = iso(t0.minusSeconds(3600));
    for (Map.Entry<String, Integer> depth :
        Map.of("query.searchDepth", 2, "query.search_depth", 3, "query.num_traces", 4).entrySet()) {
      JsonNode body =
          SERVER.getJson(
              summariesPath(
                  "query.serviceName",
                  "batch",
                  "query.startTimeMin",
                  since,
                  depth.getKey(),
                  depth.getValue().toString()));
      assertThat(body.get("summaries").findValuesAsText("traceId"))
          .as(depth.getKey())
          .containsExactlyElementsOf(batchTraces.subList(0, depth.getValue()));
    }
    // A depth beyond the server's bound is lowered to it, not refused.
    assertThat(
            SERVER
                .getJson(
                    summariesPath(
                        "query.serviceName",
                        "batch",
                        "query.startTimeMin",
                        since,
                        "query.searchDepth",
                        "1000000000"))
                .get("summaries"))
        .hasSize(BATCH_TRACES);
  }

  @Test
  void theWindowIsStartTimeMinInclusiveAndStartTimeMaxExclusive() throws Exception {
    // job 1 started at t0 - 10 s exactly.
    String job1 = batchTraces.get(1);
    assertThat(batchTracesStartedIn(t0.minusSeconds(10), t0.minusSeconds(5))).containsExactly(job1);
    assertThat(batchTracesStartedIn(t0.minusSeconds(15), t0.minusSeconds(10))).isEmpty();
  }

  private static List<String> batchTracesStartedIn(Instant min, Instant max) throws Exception {
    return SERVER
        .getJson(
            "/api/v3/trace-summaries?"
                + form(
                    "query.serviceName", "batch",
                    "query.startTimeMin", iso(min),
                    "query.startTimeMax", iso(max)))
        .path("summaries")
        .findValuesAsText("traceId");
  }

  @Test
  void nothingFoundIsAnEmptyAnswer() throws Exception {
    HttpResponse<String> response =
        SERVER.get(
            summariesPath(
                "query.serviceName", "nobody", "query.startTimeMin", iso(t0.minusSeconds(60))));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
  }

  @Test
  void parameterErrorsAre400InTheGatewaysShape() throws Exception {
    String min = iso(t0.minusSeconds(60));
    String max = iso(t0.plusSeconds(60));
    assertGatewayError(
        SERVER.get(
            "/api/v3/trace-summaries?"
                + form("query.startTimeMin", "yesterday", "query.startTimeMax", max)),
        400,
        "malformed parameter query.startTimeMin: expected an RFC 3339 time");
    assertGatewayError(
        SERVER.get(
            "/api/v3/trace-summaries?"
                + form(
                    "query.start_time_min", min, "query.start_time_max", "2026-13-01T00:00:00Z")),
        400,
        "malformed parameter query.start_time_max: expected an RFC 3339 time");
    assertGatewayError(
        SERVER.get("/api/v3/trace-summaries?" + form("query.serviceName", "frontend")),
        400,
        "query.startTimeMin and query.startTimeMax");
    assertGatewayError(
        SERVER.get(
            "/api/v3/trace-summaries?"
                + form("query.startTimeMin", max, "query.startTimeMax", min)),
        400,
        "malformed parameter query.startTimeMax: must be after query.startTimeMin");
    assertGatewayError(
        SERVER.get(summariesPath("query.startTimeMin", min, "query.durationMin", "1.5q")),
        400,
        "malformed parameter query.durationMin: time: unknown unit \"q\" in duration \"1.5q\"");
    assertGatewayError(
        SERVER.get(summariesPath("query.startTimeMin", min, "query.duration_max", "-1s")),
        400,
        "malformed parameter query.duration_max: must not be negative");
    assertGatewayError(
        SERVER.get(summariesPath("query.startTimeMin", min, "query.searchDepth", "lots")),
        400,
        "malformed parameter query.searchDepth: expected a whole number, got 'lots'");
    assertGatewayError(
        SERVER.get(summariesPath("query.startTimeMin", min, "query.searchDepth", "0")),
        400,
        "malformed parameter query.searchDepth: must be greater than 0");
    assertGatewayError(
        SERVER.get(summariesPath("query.startTimeMin", min, "query.attributes", "error=true")),
        400,
        "malformed parameter query.attributes");
  }

  @Test
  void thePostBindingTakesTheRequestMessage() throws Exception {
    String body =
        """
        {"query":{"serviceName":"frontend","startTimeMin":"%s","startTimeMax":"%s","searchDepth":5}}"""
            .formatted(iso(t0.minusSeconds(60)), iso(t0.plusSeconds(60)));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(SERVER.httpBase() + "/api/v3/trace-summaries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(
            RunningServer.JSON
                .readTree(response.body())
                .get("summaries")
                .findValuesAsText("traceId"))
        .containsExactly(dispatchTrace);
  }

  @Test
  void routesTheGatewayDoesNotHaveAnswerInTheirFamilysErrorShape() throws Exception {
    assertGatewayError(SERVER.get("/api/v3/trace-summary"), 404, "404 page not found");
    HttpResponse<String> wrongMethod =
        http.send(
            HttpRequest.newBuilder(URI.create(SERVER.httpBase() + "/api/v3/services"))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    // The web UI's catch-all route takes every method, so the router finds no 405 to give; either
    // way the gateway's
    // shape, naming the request.
    assertThat(wrongMethod.statusCode()).isIn(404, 405);
    assertGatewayError(wrongMethod, wrongMethod.statusCode(), "DELETE /api/v3/services");

    HttpResponse<String> v1 = SERVER.get("/api/trace-summaries");
    assertThat(v1.statusCode()).isEqualTo(404);
    JsonNode envelope = RunningServer.JSON.readTree(v1.body());
    assertThat(envelope.get("data").isNull()).isTrue();
    assertThat(envelope.get("total").asInt()).isZero();
    assertThat(envelope.at("/errors/0/code").asInt()).isEqualTo(404);
    assertThat(envelope.at("/errors/0/msg").asText()).contains("/api/trace-summaries");
  }

  /** A search of the last hour up to a minute from now, plus the given parameters. */
  private static String summariesPath(String... more) {
    List<String> params = new ArrayList<>(List.of(more));
    if (!params.contains("query.startTimeMin")) {
      params.addAll(List.of("query.startTimeMin", iso(t0.minusSeconds(3600))));
    }
    params.addAll(List.of("query.startTimeMax", iso(t0.plusSeconds(60))));
    return "/api/v3/trace-summaries?" + form(params.toArray(String[]::new));
  }

  private static JsonNode onlySummary(String path) throws Exception {
    JsonNode summaries = SERVER.getJson(path).get("summaries");
    assertThat(summaries).hasSize(1);
    return summaries.get(0);
  }

  /** What the UI's TraceSummariesResponseSchema checks before it reads a summary. */
  private static void assertMatchesTheUiSchema(JsonNode summary) {
    assertThat(summary.get("traceId").asText()).matches(TRACE_ID);
    for (String time : List.of("minStartTimeUnixNano", "maxEndTimeUnixNano")) {
      assertThat(summary.get(time).isTextual()).as(time + " is a string").isTrue();
      assertThat(summary.get(time).asText()).matches(DECIMAL);
    }
    for (String count : List.of("spanCount", "errorSpanCount", "orphanSpanCount")) {
      if (summary.has(count)) {
        assertThat(summary.get(count).isInt()).as(count).isTrue();
        assertThat(summary.get(count).asInt()).as(count).isPositive();
      }
    }
    summary
        .get("services")
        .forEach(service -> assertThat(service.get("name").isTextual()).isTrue());
  }

  private static void assertGatewayError(HttpResponse<String> response, int status, String message)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = RunningServer.JSON.readTree(response.body()).get("error");
    assertThat(error).as(response.body()).isNotNull();
    assertThat(error.get("httpCode").asInt()).isEqualTo(status);
    assertThat(error.get("message").asText()).contains(message);
  }

  private static String form(String... namesAndValues) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      // URLSearchParams.toString and URLEncoder both write application/x-www-form-urlencoded.
      pairs.add(
          URLEncoder.encode(namesAndValues[i], UTF_8)
              + "="
              + URLEncoder.encode(namesAndValues[i + 1], UTF_8));
    }
    return String.join("&", pairs);
  }

  /** JavaScript's {@code Date.toISOString()}: milliseconds, UTC. */
  private static String iso(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
