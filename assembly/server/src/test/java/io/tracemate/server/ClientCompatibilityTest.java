package io.tracemate.server;

import static io.tracemate.server.JsonShape.any;
import static io.tracemate.server.JsonShape.array;
import static io.tracemate.server.JsonShape.bool;
import static io.tracemate.server.JsonShape.decimalString;
import static io.tracemate.server.JsonShape.integer;
import static io.tracemate.server.JsonShape.map;
import static io.tracemate.server.JsonShape.nonNegativeInteger;
import static io.tracemate.server.JsonShape.nullValue;
import static io.tracemate.server.JsonShape.number;
import static io.tracemate.server.JsonShape.object;
import static io.tracemate.server.JsonShape.oneOf;
import static io.tracemate.server.JsonShape.string;
import static io.tracemate.server.JsonShape.tuple;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls today's Jaeger UI, Grafana's Jaeger and Loki data sources and Grafana's Logs Drilldown app make,
 * replayed against a real server fed by real clients (the OpenTelemetry SDK's OTLP/gRPC trace and log exporters,
 * loki4j), one case per call with the parameters the client's source code sends, each answer checked against the
 * shape that client reads. When a client changes what it calls, this is where it shows: update the case and the
 * client version it names, and the table in the README.
 *
 * <p>Client versions read (their repositories' source, August 2026):
 * <ul>
 *   <li>{@value #JAEGER_UI}: {@code packages/jaeger-ui/src/api/jaeger.ts}, {@code api/v3/client.ts},
 *       {@code api/v3/schemas.ts};</li>
 *   <li>{@value #GRAFANA_JAEGER}: {@code pkg/tsdb/jaeger/client.go} (v1 API) and {@code grpc_client.go} (api_v3);</li>
 *   <li>{@value #GRAFANA_LOKI}: {@code public/app/plugins/datasource/loki/LanguageProvider.ts},
 *       {@code datasource.ts} (query stats, logs volume) and {@code pkg/tsdb/loki} (query_range);</li>
 *   <li>{@value #DRILLDOWN}: {@code src/services/datasource.ts}, {@code TagKeysProviders.ts},
 *       {@code variables.ts}, {@code ServiceScene.tsx}.</li>
 * </ul>
 */
class ClientCompatibilityTest {
  static final String JAEGER_UI = "jaeger-ui 2.20.0 (c321fb3)";
  static final String GRAFANA_JAEGER = "grafana 13.1 Jaeger data source";
  static final String GRAFANA_LOKI = "grafana 13.1 Loki data source";
  static final String DRILLDOWN = "logs-drilldown 2.5.1 (4418b4d)";

  private static final String LOGS_QUERY = "{service_name=\"checkout\"}";

  /** Drilldown's DETECTED_FIELD_VALUES_EXPR with the service filter set and parsers on, as Grafana interpolates it. */
  private static final String DRILLDOWN_FIELDS_EXPR =
      "{service_name=\"checkout\"}      | json  | logfmt | drop __error__, __error_details__ ";

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static Instant now;
  private static String traceId;

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

  /** One client call: who makes it and where, the request, the status and the answer's shape. */
  record Case(
      String client,
      String call,
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      int status,
      JsonShape shape) {
    Case(String client, String call, String pathAndQuery, JsonShape shape) {
      this(client, call, "GET", pathAndQuery, Map.of(), 200, shape);
    }

    Case withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Case(client, call, method, pathAndQuery, more, status, shape);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyClientCallGetsTheShapeItReads() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(jaegerUi());
    cases.addAll(grafanaJaeger());
    cases.addAll(grafanaLoki());
    cases.addAll(drilldown());
    return cases.stream()
        .map(c -> DynamicTest.dynamicTest(c.client() + ": " + c.call(), () -> check(c)));
  }

  private static void check(Case c) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(SERVER.httpBase() + c.pathAndQuery()))
            .method(c.method(), HttpRequest.BodyPublishers.noBody());
    c.headers().forEach(request::header);
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("%s %s: %s", c.method(), c.pathAndQuery(), response.body())
        .isEqualTo(c.status());
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .as(c.pathAndQuery())
        .startsWith("application/json");
    JsonNode body = RunningServer.JSON.readTree(response.body());
    assertThat(c.shape().problems(body))
        .as("%s %s answered %s", c.method(), c.pathAndQuery(), JsonShape.brief(body))
        .isEmpty();
  }

  // ---- Jaeger
  // ---------------------------------------------------------------------------------------------------

  private static final String HEX32 = "[0-9a-f]{32}";

  /** Jaeger's v1 envelope around {@code data}. */
  private static JsonShape envelope(JsonShape data) {
    return object()
        .req("data", data)
        .req("total", integer())
        .req("limit", integer())
        .req("offset", integer())
        .req(
            "errors",
            oneOf(
                nullValue(),
                array(
                    object().opt("code", integer()).req("msg", string()).opt("traceID", string()))))
        .closed();
  }

  /** The v1 envelope of an error: what the Jaeger UI shows as "HTTP Error: ..." for a call Tracemate lacks. */
  private static JsonShape errorEnvelope(int code) {
    return object()
        .req("data", nullValue())
        .req("total", integer())
        .req("limit", integer())
        .req("offset", integer())
        .req(
            "errors", array(object().req("code", codeShape(code)).req("msg", string()).closed(), 1))
        .closed();
  }

  private static JsonShape codeShape(int code) {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isInt() || node.asInt() != code) {
          problems.add(path + ": expected " + code + ", got " + node);
        }
      }
    };
  }

  /** The Jaeger UI's trace model (and Grafana's {@code TraceResponse}). */
  private static JsonShape jaegerTrace() {
    JsonShape keyValue =
        object()
            .req("key", string())
            .req("type", string("string|bool|int64|float64|binary"))
            .req("value", any())
            .closed();
    JsonShape span =
        object()
            .req("traceID", string("[0-9a-f]{16}|[0-9a-f]{32}"))
            .req("spanID", string("[0-9a-f]{16}"))
            .opt("flags", nonNegativeInteger())
            .req("operationName", string())
            .req(
                "references",
                array(
                    object()
                        .req("refType", string("CHILD_OF|FOLLOWS_FROM"))
                        .req("traceID", string())
                        .req("spanID", string())
                        .closed()))
            .req("startTime", nonNegativeInteger())
            .req("duration", nonNegativeInteger())
            .req("tags", array(keyValue))
            .req(
                "logs",
                array(
                    object()
                        .req("timestamp", nonNegativeInteger())
                        .req("fields", array(keyValue))
                        .closed()))
            .req("processID", string())
            .req("warnings", oneOf(nullValue(), array(string())))
            .closed();
    return object()
        .req("traceID", string())
        .req("spans", array(span, 1))
        .req(
            "processes",
            map(object().req("serviceName", string()).req("tags", array(keyValue)).closed()))
        .req("warnings", oneOf(nullValue(), array(string())))
        .closed();
  }

  /** api_v3's {@code TraceSummary} as jaeger-ui's schemas.ts validates it (proto3 JSON: defaults may be absent). */
  private static JsonShape traceSummaries(int minimum) {
    JsonShape service =
        object()
            .req("name", string())
            .opt("spanCount", nonNegativeInteger())
            .opt("errorSpanCount", nonNegativeInteger())
            .closed();
    JsonShape summary =
        object()
            .req("traceId", string(HEX32))
            .opt("rootServiceName", string())
            .opt("rootOperationName", string())
            .opt("minStartTimeUnixNano", decimalString())
            .opt("maxEndTimeUnixNano", decimalString())
            .opt("spanCount", nonNegativeInteger())
            .opt("errorSpanCount", nonNegativeInteger())
            .opt("orphanSpanCount", nonNegativeInteger())
            .opt("services", array(service))
            .closed();
    return minimum == 0
        ? object().opt("summaries", array(summary)).closed()
        : object().req("summaries", array(summary, minimum)).closed();
  }

  /** {@code {"result": TracesData}} in OTLP/JSON, as Grafana's {@code GrpcTracesResponse} decodes it. */
  /** Jaeger's dependency links: who calls whom, how often. */
  private static JsonShape dependencyLinks() {
    return array(
        object()
            .req("parent", string())
            .req("child", string())
            .req("callCount", integer())
            .closed());
  }

  /** Operations with their span kind, at least one (Jaeger's /api/operations and api_v3). */
  private static JsonShape operations() {
    return array(object().req("name", string()).req("spanKind", string()).closed(), 1);
  }

  private static JsonShape otlpResult() {
    JsonShape otlpSpan =
        object()
            .req("traceId", string(HEX32))
            .req("spanId", string("[0-9a-f]{16}"))
            .opt("parentSpanId", string("[0-9a-f]{16}|"))
            .req("name", string())
            .opt("kind", integer())
            .req("startTimeUnixNano", decimalString())
            .req("endTimeUnixNano", decimalString())
            .opt(
                "attributes",
                array(object().req("key", string()).req("value", JsonShape.map(any()))))
            .opt("status", object().opt("code", integer()).opt("message", string()));
    return object()
        .req(
            "result",
            object()
                .req(
                    "resourceSpans",
                    array(
                        object()
                            .opt("resource", object().opt("attributes", array(any())))
                            .req(
                                "scopeSpans",
                                array(
                                    object().opt("scope", any()).req("spans", array(otlpSpan, 1)))),
                        1)))
        .closed();
  }

  private List<Case> jaegerUi() {
    String start = iso(now.minusSeconds(3600));
    String end = iso(now.plusSeconds(60));
    long endUs = now.plusSeconds(60).toEpochMilli() * 1000;
    return List.of(
        new Case(
            JAEGER_UI,
            "v3 client fetchServices",
            "/api/v3/services",
            object().req("services", array(string(), 2)).closed()),
        new Case(
            JAEGER_UI,
            "v3 client fetchSpanNames",
            "/api/v3/operations?service=frontend",
            object().req("operations", operations()).closed()),
        new Case(
            JAEGER_UI,
            "v3 client fetchTraceSummaries (search form)",
            "/api/v3/trace-summaries?"
                + form(
                    "query.serviceName",
                    "frontend",
                    "query.startTimeMin",
                    start,
                    "query.startTimeMax",
                    end,
                    "query.searchDepth",
                    "20"),
            traceSummaries(1)),
        new Case(
            JAEGER_UI,
            "v3 client fetchTraceSummaries (operation, tags, durations)",
            "/api/v3/trace-summaries?"
                + form(
                    "query.serviceName",
                    "frontend",
                    "query.operationName",
                    "GET /dispatch",
                    "query.startTimeMin",
                    start,
                    "query.startTimeMax",
                    end,
                    "query.searchDepth",
                    "20",
                    "query.durationMin",
                    "1ms",
                    "query.durationMax",
                    "10s",
                    "query.attributes",
                    "{\"http.method\":\"GET\"}"),
            traceSummaries(1)),
        new Case(
            JAEGER_UI,
            "v3 client fetchTraceSummaries (all services)",
            "/api/v3/trace-summaries?"
                + form(
                    "query.startTimeMin",
                    start,
                    "query.startTimeMax",
                    end,
                    "query.searchDepth",
                    "20"),
            traceSummaries(1)),
        new Case(
            JAEGER_UI,
            "v3 client fetchTraceSummaries (no match)",
            "/api/v3/trace-summaries?"
                + form(
                    "query.serviceName",
                    "nobody",
                    "query.startTimeMin",
                    start,
                    "query.startTimeMax",
                    end,
                    "query.searchDepth",
                    "20"),
            traceSummaries(0)),
        new Case(
            JAEGER_UI,
            "JaegerAPI.fetchTrace",
            "/api/traces/" + traceId,
            envelope(array(jaegerTrace(), 1))),
        new Case(
            JAEGER_UI, "JaegerAPI.fetchServices", "/api/services", envelope(array(string(), 2))),
        new Case(
            JAEGER_UI,
            "JaegerAPI.fetchServiceOperations",
            "/api/services/frontend/operations",
            envelope(array(string(), 1))),
        new Case(
            JAEGER_UI,
            "JaegerAPI.fetchServiceServerOps",
            "/api/operations?service=frontend&spanKind=server",
            envelope(operations())),
        new Case(
            JAEGER_UI,
            "JaegerAPI.fetchDependencies (system architecture)",
            "/api/dependencies?endTs=" + endUs / 1000 + "&lookback=604800000",
            envelope(dependencyLinks())),
        new Case(
            JAEGER_UI,
            "JaegerAPI.archiveTrace (not served: the error the UI shows)",
            "POST",
            "/api/archive/" + traceId,
            Map.of(),
            404,
            errorEnvelope(404)),
        new Case(
            JAEGER_UI,
            "JaegerAPI.fetchMetrics (SPM, not served: the error the UI shows)",
            "GET",
            "/api/metrics/latencies?service=frontend&endTs="
                + endUs / 1000
                + "&lookback=3600000&step=60000"
                + "&ratePer=600000&quantile=0.95",
            Map.of(),
            404,
            errorEnvelope(404)));
  }

  private List<Case> grafanaJaeger() {
    long startUs = now.minusSeconds(3600).toEpochMilli() * 1000;
    long endUs = now.plusSeconds(60).toEpochMilli() * 1000;
    String startNano = now.minusSeconds(3600).toString();
    String endNano = now.plusSeconds(60).toString();
    return List.of(
        new Case(
            GRAFANA_JAEGER,
            "client.go Services (data source test, service list)",
            "/api/services",
            envelope(array(string(), 2))),
        new Case(
            GRAFANA_JAEGER,
            "client.go Operations",
            "/api/services/driver/operations",
            envelope(array(string(), 1))),
        new Case(
            GRAFANA_JAEGER,
            "client.go Search",
            "/api/traces?"
                + form(
                    "end",
                    Long.toString(endUs),
                    "limit",
                    "20",
                    "maxDuration",
                    "5s",
                    "minDuration",
                    "100us",
                    "operation",
                    "GET /dispatch",
                    "service",
                    "frontend",
                    "start",
                    Long.toString(startUs),
                    "tags",
                    "{\"http.status_code\":\"200\"}"),
            envelope(array(jaegerTrace(), 1))),
        new Case(
            GRAFANA_JAEGER,
            "client.go Trace (trace ID time params on)",
            "/api/traces/"
                + traceId
                + "?"
                + form("end", Long.toString(endUs), "start", Long.toString(startUs)),
            envelope(array(jaegerTrace(), 1))),
        new Case(
            GRAFANA_JAEGER,
            "client.go Dependencies (node graph)",
            "/api/dependencies?"
                + form(
                    "endTs",
                    Long.toString(endUs / 1000),
                    "lookback",
                    Long.toString((endUs - startUs) / 1000)),
            envelope(dependencyLinks())),
        new Case(
            GRAFANA_JAEGER,
            "grpc_client.go GrpcServices",
            "/api/v3/services",
            object().req("services", array(string(), 2)).closed()),
        new Case(
            GRAFANA_JAEGER,
            "grpc_client.go GrpcOperations",
            "/api/v3/operations?service=driver",
            object().req("operations", operations()).closed()),
        // Times are appended unencoded, as grpc_client.go does ("jaeger will not be able to process
        // the request if the time is encoded").
        new Case(
            GRAFANA_JAEGER,
            "grpc_client.go GrpcSearch",
            "/api/v3/traces?"
                + form(
                    "query.attributes",
                    "{\"http.method\":\"GET\"}",
                    "query.duration_min",
                    "1ms",
                    "query.operation_name",
                    "GET /dispatch",
                    "query.service_name",
                    "frontend")
                + "&query.start_time_min="
                + startNano
                + "&query.start_time_max="
                + endNano,
            otlpResult()),
        new Case(
            GRAFANA_JAEGER,
            "grpc_client.go GrpcTrace (trace ID time params on)",
            "/api/v3/traces/" + traceId + "?start_time=" + startNano + "&end_time=" + endNano,
            otlpResult()));
  }

  // ---- Loki
  // -----------------------------------------------------------------------------------------------------

  private static JsonShape success(JsonShape data) {
    return object().req("status", string("success")).req("data", data).closed();
  }

  private static JsonShape streams() {
    JsonShape categorized =
        object().opt("structuredMetadata", map(string())).opt("parsed", map(string())).closed();
    return success(
        object()
            .req("resultType", string("streams"))
            .opt("encodingFlags", array(string()))
            .req(
                "result",
                array(
                    object()
                        .req("stream", map(string()))
                        .req(
                            "values",
                            array(
                                oneOf(
                                    tuple(decimalString(), string()),
                                    tuple(decimalString(), string(), categorized)),
                                1))
                        .closed(),
                    1))
            .req(
                "stats",
                object()
                    .req("summary", object())
                    .req("querier", object())
                    .req("ingester", object()))
            .closed());
  }

  private static JsonShape matrix() {
    return success(
        object()
            .req("resultType", string("matrix"))
            .req(
                "result",
                array(
                    object()
                        .req("metric", map(string()))
                        .req(
                            "values",
                            array(tuple(number(), string("[-+]?[0-9.eE+-]+|NaN|[+-]Inf")), 1))
                        .closed(),
                    1))
            .req("stats", object())
            .closed());
  }

  private static JsonShape volumeVector(int minimum) {
    return success(
        object()
            .req("resultType", string("vector"))
            .req(
                "result",
                array(
                    object()
                        .req("metric", map(string()))
                        .req("value", tuple(number(), string("\\d+")))
                        .closed(),
                    minimum))
            .req("stats", object())
            .closed());
  }

  private static JsonShape detectedFields() {
    return object()
        .req(
            "fields",
            array(
                object()
                    .req("label", string())
                    .req("type", string("int|float|boolean|duration|bytes|string"))
                    .req("cardinality", nonNegativeInteger())
                    .req("parsers", oneOf(nullValue(), array(string("json|logfmt"), 1)))
                    .opt("jsonPath", array(string()))
                    .closed(),
                1))
        .req("limit", nonNegativeInteger())
        .closed();
  }

  private static JsonShape detectedLabels() {
    return object()
        .req(
            "detectedLabels",
            array(
                object().req("label", string()).req("cardinality", nonNegativeInteger()).closed(),
                1))
        .closed();
  }

  private static JsonShape patterns() {
    return success(
        array(
            object()
                .req("pattern", string())
                .req("level", string())
                .req("samples", array(tuple(integer(), nonNegativeInteger()), 1))
                .closed(),
            1));
  }

  private List<Case> grafanaLoki() {
    long startNs = now.minusSeconds(3600).toEpochMilli() * 1_000_000L;
    long endNs = now.plusSeconds(60).toEpochMilli() * 1_000_000L;
    String s = Long.toString(startNs);
    String e = Long.toString(endNs);
    return List.of(
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.checkDetectedLabelsExists",
            "/loki/api/v1/detected_labels?" + form("start", s, "end", e),
            detectedLabels()),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchLabelsByLabelsEndpoint",
            "/loki/api/v1/labels?" + form("start", s, "end", e),
            success(array(string(), 1))),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchLabelsByLabelsEndpoint (stream selector)",
            "/loki/api/v1/labels?" + form("start", s, "end", e, "query", LOGS_QUERY),
            success(array(string(), 1))),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchSeriesLabels",
            "/loki/api/v1/series?" + form("match[]", LOGS_QUERY, "start", s, "end", e),
            success(array(map(string()), 1))),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchLabelValues",
            "/loki/api/v1/label/service_name/values?" + form("start", s, "end", e),
            success(array(string(), 2))),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchDetectedLabels (stream selector)",
            "/loki/api/v1/detected_labels?" + form("start", s, "end", e, "query", LOGS_QUERY),
            detectedLabels()),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchDetectedFields",
            "/loki/api/v1/detected_fields?"
                + form("start", s, "end", e, "limit", "1000", "query", LOGS_QUERY),
            detectedFields()),
        new Case(
            GRAFANA_LOKI,
            "LanguageProvider.fetchDetectedLabelValues",
            "/loki/api/v1/detected_field/msg/values?"
                + form("start", s, "end", e, "limit", "1000", "query", LOGS_QUERY),
            object().req("values", array(string(), 1)).req("limit", nonNegativeInteger()).closed()),
        new Case(
            GRAFANA_LOKI,
            "datasource.getQueryStats",
            "/loki/api/v1/index/stats?" + form("query", LOGS_QUERY, "start", s, "end", e),
            object()
                .req("streams", nonNegativeInteger())
                .req("chunks", nonNegativeInteger())
                .req("entries", nonNegativeInteger())
                .req("bytes", nonNegativeInteger())
                .closed()),
        new Case(
                GRAFANA_LOKI,
                "pkg/tsdb/loki logs query (Explore)",
                "/loki/api/v1/query_range?"
                    + form(
                        "direction",
                        "backward",
                        "end",
                        e,
                        "limit",
                        "1000",
                        "query",
                        LOGS_QUERY,
                        "start",
                        s,
                        "step",
                        "2s"),
                streams())
            .withHeader("X-Loki-Response-Encoding-Flags", "categorize-labels"),
        new Case(
            GRAFANA_LOKI,
            "pkg/tsdb/loki supplementary logs volume (Explore histogram)",
            "/loki/api/v1/query_range?"
                + form(
                    "end",
                    e,
                    "query",
                    "sum by (level, detected_level) (count_over_time("
                        + LOGS_QUERY
                        + " | drop __error__[1m]))",
                    "start",
                    s,
                    "step",
                    "1m0s"),
            matrix()));
  }

  private List<Case> drilldown() {
    String start = iso(now.minusSeconds(3600));
    String end = iso(now.plusSeconds(60));
    long startNs = now.minusSeconds(3600).toEpochMilli() * 1_000_000L;
    long endNs = now.plusSeconds(60).toEpochMilli() * 1_000_000L;
    Map<String, String> tags = Map.of("X-Query-Tags", "Source=grafana-lokiexplore-app");
    return List.of(
        new Case(
            DRILLDOWN,
            "datasource.getConfig (drilldown-limits)",
            "GET",
            "/loki/api/v1/drilldown-limits",
            tags,
            200,
            object()
                .req("limits", object().req("max_entries_limit_per_query", nonNegativeInteger()))
                .req("pattern_ingester_enabled", bool())
                .req("version", string())
                .closed()),
        new Case(
            DRILLDOWN,
            "datasource.getVolume (service selection)",
            "GET",
            "/loki/api/v1/index/volume?"
                + form(
                    "end", end, "limit", "5000", "query", "{service_name=~\".+\"}", "start", start),
            tags,
            200,
            volumeVector(2)),
        new Case(
            DRILLDOWN,
            "datasource.getLabels (label tabs)",
            "GET",
            "/loki/api/v1/labels?" + form("end", end, "start", start),
            tags,
            200,
            success(array(string(), 1))),
        new Case(
            DRILLDOWN,
            "ServiceSelectionTabsScene detected_labels (no selector)",
            "GET",
            "/loki/api/v1/detected_labels?" + form("end", end, "query", "", "start", start),
            tags,
            200,
            detectedLabels()),
        new Case(
            DRILLDOWN,
            "datasource.getDetectedLabels (service page)",
            "GET",
            "/loki/api/v1/detected_labels?" + form("end", end, "query", LOGS_QUERY, "start", start),
            tags,
            200,
            detectedLabels()),
        new Case(
            DRILLDOWN,
            "datasource.getDetectedFields (fields tab)",
            "GET",
            "/loki/api/v1/detected_fields?"
                + form("end", end, "query", DRILLDOWN_FIELDS_EXPR, "start", start),
            tags,
            200,
            detectedFields()),
        new Case(
            DRILLDOWN,
            "TagKeysProviders.fetchDetectedFields (filter keys)",
            "GET",
            "/loki/api/v1/detected_fields?"
                + form(
                    "end",
                    Long.toString(endNs),
                    "limit",
                    "1000",
                    "start",
                    Long.toString(startNs),
                    "query",
                    DRILLDOWN_FIELDS_EXPR),
            Map.of(),
            200,
            detectedFields()),
        new Case(
            DRILLDOWN,
            "datasource.getPatterns (patterns tab)",
            "GET",
            "/loki/api/v1/patterns?"
                + form("end", end, "query", LOGS_QUERY, "start", start, "step", "15s"),
            tags,
            200,
            patterns()),
        new Case(
                DRILLDOWN,
                "ServiceScene logs panel (through pkg/tsdb/loki)",
                "/loki/api/v1/query_range?"
                    + form(
                        "direction",
                        "backward",
                        "end",
                        Long.toString(endNs),
                        "limit",
                        "1000",
                        "query",
                        DRILLDOWN_FIELDS_EXPR,
                        "start",
                        Long.toString(startNs),
                        "step",
                        "2s"),
                streams())
            .withHeader("X-Loki-Response-Encoding-Flags", "categorize-labels"),
        new Case(
            DRILLDOWN,
            "ServiceScene log count (through pkg/tsdb/loki)",
            "/loki/api/v1/query_range?"
                + form(
                    "end",
                    Long.toString(endNs),
                    "query",
                    "sum(count_over_time(" + DRILLDOWN_FIELDS_EXPR + "[1m]))",
                    "start",
                    Long.toString(startNs),
                    "step",
                    "1m0s"),
            matrix()),
        new Case(
            DRILLDOWN,
            "ServiceSelectionScene service volume by level (through pkg/tsdb/loki)",
            "/loki/api/v1/query_range?"
                + form(
                    "end",
                    Long.toString(endNs),
                    "query",
                    "sum by (detected_level) (count_over_time({ service_name=\"checkout\" } [1m]))",
                    "start",
                    Long.toString(startNs),
                    "step",
                    "1m0s"),
            matrix()));
  }

  // ---- helpers
  // --------------------------------------------------------------------------------------------------

  /** {@code a=1&b=2} encoded as browsers' URLSearchParams and Go's url.Values encode it. */
  private static String form(String... namesAndValues) {
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
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

  private static String rangeQuery(String query, int limit) {
    return "/loki/api/v1/query_range?"
        + form(
            "query",
            query,
            "start",
            Long.toString(now.minusSeconds(3600).toEpochMilli() * 1_000_000L),
            "end",
            Long.toString(now.plusSeconds(60).toEpochMilli() * 1_000_000L),
            "limit",
            Integer.toString(limit));
  }
}
