package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The calls today's Jaeger UI (its Monitor tab included), Grafana's Jaeger, Loki and Prometheus data sources and
 * Grafana's Logs Drilldown app make,
 * replayed against a real server fed by real clients (the OpenTelemetry SDK's OTLP/gRPC trace and log exporters,
 * loki4j), one case per call with the parameters and headers the client's source code sends, each answer checked
 * against the shape that client reads ({@link ClientShapes}). The calls are data: one table per client version in
 * {@code client-calls/*.yaml} ({@link ClientCalls}), naming the version and the source files read. When a client
 * changes what it calls, add a table for its new version (or rows), and name it in README's table.
 *
 * <p>Variables a row may use: {@code ${traceId}}; the range searched, from an hour before the data to a minute
 * after now, as {@code ${startNs}}/{@code ${endNs}} (Unix nanoseconds), {@code ${startUs}}/{@code ${endUs}}
 * (microseconds), {@code ${startMs}}/{@code ${endMs}} and {@code ${lookbackMs}} (milliseconds),
 * {@code ${startS}}/{@code ${endS}} (seconds, as Prometheus' API takes them), {@code ${startIso}}/{@code ${endIso}}
 * (JavaScript's {@code toISOString()}), {@code ${startRfc3339}}/{@code ${endRfc3339}} (Go's RFC 3339 with
 * nanoseconds); {@code ${nowNs}}, the instant the data was sent around.
 *
 * <p>The data: a three-span trace frontend → driver (an error in driver), and the span metrics and service graph
 * series it makes (read by the Monitor tab and the Prometheus data source); service {@code checkout} logs JSON and
 * logfmt lines through the OpenTelemetry log SDK (with structured metadata {@code user.id}); service {@code billing}
 * logs plain text through loki4j.
 */
class ClientCompatibilityTest {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static Instant now;
  private static String traceId;
  private static Map<String, String> variables;

  @BeforeAll
  static void startAndFeed() throws Exception {
    now = Instant.now();
    traceId = sendTrace();
    sendOtlpLogs();
    sendLoki4jLogs();
    SERVER.await(
        "/api/traces/" + traceId, json -> json.path("data").path(0).path("spans").size() == 3);
    SERVER.await(
        rangeQuery("{service_name=~\"checkout|billing\"}", 100),
        json ->
            json.at("/data/result").findValues("values").stream().mapToInt(JsonNode::size).sum()
                == 12);
    variables = variables();
  }

  private static Map<String, String> variables() {
    Instant start = now.minusSeconds(3600);
    Instant end = now.plusSeconds(60);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("traceId", traceId);
    values.put("nowNs", Long.toString(nanos(now)));
    values.put("startNs", Long.toString(nanos(start)));
    values.put("endNs", Long.toString(nanos(end)));
    values.put("startUs", Long.toString(start.toEpochMilli() * 1000));
    values.put("endUs", Long.toString(end.toEpochMilli() * 1000));
    values.put("startMs", Long.toString(start.toEpochMilli()));
    values.put("endMs", Long.toString(end.toEpochMilli()));
    values.put("startS", Long.toString(start.getEpochSecond()));
    values.put("endS", Long.toString(end.getEpochSecond()));
    values.put("lookbackMs", Long.toString(end.toEpochMilli() - start.toEpochMilli()));
    values.put("startIso", ISO_MILLIS.format(start));
    values.put("endIso", ISO_MILLIS.format(end));
    values.put("startRfc3339", start.toString());
    values.put("endRfc3339", end.toString());
    return Map.copyOf(values);
  }

  /** frontend GET /dispatch → frontend client span → driver server span (an error), over OTLP/gRPC. */
  private static String sendTrace() {
    int port = SERVER.server().otlpGrpcPort();
    SdkTracerProvider frontend = RealClients.tracerProvider(port, RealClients.resource("frontend"));
    SdkTracerProvider driver = RealClients.tracerProvider(port, RealClients.resource("driver"));
    try {
      Instant base = now.minusSeconds(30);
      Span root =
          frontend
              .get("io.example.http")
              .spanBuilder("GET /dispatch")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.method", "GET")
              .setAttribute("http.status_code", 200L)
              .setStartTimestamp(base)
              .startSpan();
      Span call =
          frontend
              .get("io.example.http")
              .spanBuilder("find driver")
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.root().with(root))
              .setStartTimestamp(base.plusMillis(5))
              .startSpan();
      Span served =
          driver
              .get("io.example.rpc")
              .spanBuilder("find driver")
              .setSpanKind(SpanKind.SERVER)
              .setParent(Context.root().with(call))
              .setStartTimestamp(base.plusMillis(8))
              .startSpan();
      served.setStatus(StatusCode.ERROR, "no driver free");
      served.end(base.plusMillis(180));
      call.end(base.plusMillis(190));
      root.end(base.plusMillis(200));
      return root.getSpanContext().getTraceId();
    } finally {
      for (SdkTracerProvider provider : List.of(frontend, driver)) {
        provider.forceFlush().join(10, TimeUnit.SECONDS);
        provider.shutdown().join(10, TimeUnit.SECONDS);
      }
    }
  }

  /** checkout logs JSON (info) and logfmt (warn) through the OpenTelemetry log SDK. */
  private static void sendOtlpLogs() {
    SdkLoggerProvider provider =
        RealClients.loggerProvider(
            SERVER.server().otlpGrpcPort(),
            RealClients.resource(
                "checkout", "k8s.namespace.name", "shop", "k8s.pod.name", "checkout-7d9f"));
    try {
      var logger = provider.get("io.shop.Checkout");
      Instant t = now.minusSeconds(60);
      for (int i = 0; i < 6; i++) {
        logger
            .logRecordBuilder()
            .setTimestamp(t.plusSeconds(i))
            .setSeverity(Severity.INFO)
            .setBody(
                "{\"msg\":\"order "
                    + (1001 + i)
                    + " placed by user "
                    + i
                    + "\",\"user\":{\"id\":\"u-"
                    + i
                    + "\"},\"amount\":"
                    + (10 + i)
                    + ".5,\"took\":\""
                    + (12 + i)
                    + "ms\"}")
            .setAttribute(AttributeKey.stringKey("user.id"), "u-" + i)
            .emit();
      }
      for (int i = 0; i < 3; i++) {
        logger
            .logRecordBuilder()
            .setTimestamp(t.plusSeconds(10 + i))
            .setSeverity(Severity.WARN)
            .setBody(
                "level=warn msg=\"slow payment\" provider=bank-"
                    + i
                    + " duration="
                    + (900 + i)
                    + "ms")
            .emit();
      }
    } finally {
      provider.forceFlush().join(10, TimeUnit.SECONDS);
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** billing logs plain text through loki4j (Loki push, protobuf). */
  private static void sendLoki4jLogs() throws Exception {
    LoggerContext context =
        RealClients.loki4j("compat-loki4j", SERVER.httpBase(), true, "service_name = billing");
    try {
      Logger logger = context.getLogger("io.example.Billing");
      for (int i = 0; i < 3; i++) {
        logger.info("invoice " + (17 + i) + " sent to customer " + (42 + i));
      }
    } finally {
      context.stop();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The cases

  static List<ClientCalls.Call> calls() {
    return ClientCalls.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void everyClientCallGetsTheShapeItReads(ClientCalls.Call call) throws Exception {
    String pathAndQuery = call.pathAndQuery(variables);
    String form = call.formBody(variables);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(SERVER.httpBase() + pathAndQuery))
            .method(
                call.method(),
                form == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(form));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded");
    }
    call.headers(variables).forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", call.method(), pathAndQuery, response.body())
        .isEqualTo(call.status());
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(pathAndQuery)
        .startsWith("application/json");
    JsonNode body = RunningServer.JSON.readTree(response.body());
    assertThat(ClientShapes.named(call.row().shape(), call.atLeast()).problems(body))
        .as("%s %s answered %s", call.method(), pathAndQuery, JsonShape.brief(body))
        .isEmpty();
  }

  /** A table with a typo (an unknown shape, a missing path, a repeated call name) fails here, not as a 404. */
  @Test
  void everyTableRowNamesAKnownShapeAndOneCall() {
    List<ClientCalls.Table> tables = ClientCalls.tables();
    assertThat(tables)
        .extracting(ClientCalls.Table::client)
        .contains(
            "Jaeger UI",
            "Grafana Jaeger data source",
            "Grafana Loki data source",
            "Grafana Prometheus data source",
            "Grafana Logs Drilldown");
    for (ClientCalls.Table table : tables) {
      assertThat(table.version()).as(table.client()).isNotBlank();
      assertThat(table.read()).as(table.client() + ": source files read").isNotEmpty();
      assertThat(table.calls()).as(table.client()).isNotEmpty();
      Set<String> names = new HashSet<>();
      for (ClientCalls.Row row : table.calls()) {
        assertThat(names.add(row.call())).as("%s: %s twice", table.client(), row.call()).isTrue();
        assertThat(row.path()).as(row.call()).startsWith("/");
        assertThat(ClientShapes.names()).as(row.call()).contains(row.shape());
      }
    }
  }

  // ---- helpers
  // --------------------------------------------------------------------------------------------------

  private static long nanos(Instant instant) {
    return instant.toEpochMilli() * 1_000_000L;
  }

  private static String rangeQuery(String query, int limit) {
    return "/loki/api/v1/query_range?query="
        + URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)
        + "&start="
        + nanos(now.minusSeconds(3600))
        + "&end="
        + nanos(now.plusSeconds(60))
        + "&limit="
        + limit;
  }
}
