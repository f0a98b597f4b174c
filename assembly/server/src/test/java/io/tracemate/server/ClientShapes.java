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
import static io.tracemate.server.JsonShape.sortedArray;
import static io.tracemate.server.JsonShape.string;
import static io.tracemate.server.JsonShape.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The answers' shapes as the clients of {@link ClientCompatibilityTest} read them, by the name a row of a call table
 * ({@code client-calls/*.yaml}) gives in {@code shape}: field names, JSON types, nesting, and the order where a client
 * shows the answer as given. Each takes the row's {@code atLeast}: the fewest elements the fed data must give (0
 * where the call expects none). Stateless.
 */
final class ClientShapes {
  private static final String HEX32 = "[0-9a-f]{32}";

  private static final Map<String, IntFunction<JsonShape>> SHAPES = new TreeMap<>();

  static {
    // Jaeger v1 (jaeger-ui JaegerAPI, Grafana's pkg/tsdb/jaeger client.go)
    SHAPES.put("jaeger.strings", n -> envelope(array(string(), n)));
    SHAPES.put("jaeger.operations", n -> envelope(operations(n)));
    SHAPES.put("jaeger.traces", n -> envelope(array(jaegerTrace(), n)));
    SHAPES.put("jaeger.dependencies", n -> envelope(dependencyLinks(n)));
    SHAPES.put("jaeger.error404", n -> errorEnvelope(404));
    // Jaeger's SPM (jaeger-ui's Monitor tab: reducers/metrics.ts)
    SHAPES.put("jaeger.metricFamily", ClientShapes::metricFamily);
    // Prometheus (Grafana's Prometheus data source: pkg/promlib, packages/grafana-prometheus)
    SHAPES.put("prom.scalar", n -> promSuccess(promResult("scalar", promPoint())));
    SHAPES.put("prom.vector", n -> promSuccess(promResult("vector", promVector(n))));
    SHAPES.put("prom.matrix", n -> promSuccess(promResult("matrix", promMatrix(n))));
    SHAPES.put("prom.strings", n -> promSuccess(array(string(), n)));
    SHAPES.put("prom.series", n -> promSuccess(array(map(string()), n)));
    SHAPES.put(
        "prom.metadata",
        n ->
            promSuccess(
                map(
                    array(
                        object()
                            .req("type", string("counter|gauge|histogram|summary|unknown|info"))
                            .req("help", string())
                            .req("unit", string())
                            .closed(),
                        1))));
    SHAPES.put(
        "prom.buildinfo",
        n ->
            promSuccess(
                object()
                    .req("version", string("\\d+\\.\\d+\\.\\d+.*"))
                    .req("revision", string())
                    .req("branch", string())
                    .req("buildUser", string())
                    .req("buildDate", string())
                    .req("goVersion", string())
                    .closed()));
    SHAPES.put(
        "prom.error404",
        n ->
            object()
                .req("status", string("error"))
                .req("errorType", string("not_found"))
                .req("error", string())
                .closed());
    // Jaeger api_v3 (jaeger-ui api/v3/client.ts, Grafana's grpc_client.go)
    SHAPES.put("v3.services", n -> object().req("services", array(string(), n)).closed());
    SHAPES.put("v3.operations", n -> object().req("operations", operations(n)).closed());
    SHAPES.put("v3.traceSummaries", ClientShapes::traceSummaries);
    SHAPES.put("v3.traces", ClientShapes::otlpResult);
    // Loki (Grafana's Loki data source, Logs Drilldown)
    SHAPES.put("loki.strings", n -> success(array(string(), n)));
    SHAPES.put("loki.series", n -> success(array(map(string()), n)));
    SHAPES.put("loki.streams", ClientShapes::streams);
    SHAPES.put("loki.matrix", ClientShapes::matrix);
    SHAPES.put("loki.vector", ClientShapes::vector);
    SHAPES.put("loki.indexStats", n -> indexStats());
    SHAPES.put("loki.volume", ClientShapes::volumeVector);
    SHAPES.put("loki.volumeByLabel", ClientShapes::volumeByLabel);
    SHAPES.put("loki.volumeRange", ClientShapes::volumeMatrix);
    SHAPES.put("loki.detectedLabels", ClientShapes::detectedLabels);
    SHAPES.put("loki.detectedFields", ClientShapes::detectedFields);
    SHAPES.put("loki.detectedFieldValues", ClientShapes::detectedFieldValues);
    SHAPES.put("loki.patterns", ClientShapes::patterns);
    SHAPES.put("loki.drilldownLimits", n -> drilldownLimits());
  }

  private ClientShapes() {}

  /** The shape named {@code name}, expecting at least {@code atLeast} elements where it lists any. */
  static JsonShape named(String name, int atLeast) {
    IntFunction<JsonShape> shape = SHAPES.get(name);
    if (shape == null) {
      throw new IllegalArgumentException("no shape named " + name + "; known: " + SHAPES.keySet());
    }
    return shape.apply(atLeast);
  }

  static Set<String> names() {
    return SHAPES.keySet();
  }

  // ---- Jaeger

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

  /** Jaeger's dependency links: who calls whom, how often. */
  private static JsonShape dependencyLinks(int minimum) {
    return array(
        object()
            .req("parent", string())
            .req("child", string())
            .req("callCount", integer())
            .closed(),
        minimum);
  }

  /** Operations with their span kind (Jaeger's /api/operations and api_v3). */
  private static JsonShape operations(int minimum) {
    return array(object().req("name", string()).req("spanKind", string()).closed(), minimum);
  }

  /** {@code {"result": TracesData}} in OTLP/JSON, as Grafana's {@code GrpcTracesResponse} decodes it. */
  private static JsonShape otlpResult(int minimum) {
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
                        minimum)))
        .closed();
  }

  /**
   * Jaeger's {@code MetricFamily} as jaeger-ui's reducer reads it: the service from {@code labels[0].value} (so
   * {@code service_name} first), an {@code operation} label when grouped, each point's {@code
   * gaugeValue.doubleValue.toFixed(2)} (a number, or {@code "NaN"} which it shows as no value) and {@code new
   * Date(timestamp)}.
   */
  private static JsonShape metricFamily(int minimum) {
    JsonShape label = object().req("name", string()).req("value", string()).closed();
    JsonShape labels =
        new JsonShape() {
          @Override
          void check(JsonNode node, String path, List<String> problems) {
            array(label, 1).check(node, path, problems);
            if (node.isArray()
                && !node.isEmpty()
                && !node.get(0).path("name").asText().equals("service_name")) {
              problems.add(path + "/0/name: expected service_name first, got " + node.get(0));
            }
          }
        };
    JsonShape point =
        object()
            .req(
                "gaugeValue",
                object()
                    .req("doubleValue", oneOf(number(), string("NaN|Infinity|-Infinity")))
                    .closed())
            .req("timestamp", string("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"))
            .closed();
    return object()
        .req("name", string("service(_operation)?_(latencies|call_rate|error_rate)"))
        .req("type", string("GAUGE"))
        .req("help", string())
        .req(
            "metrics",
            array(
                object().req("labels", labels).req("metricPoints", array(point, 1)).closed(),
                minimum))
        .closed();
  }

  // ---- Prometheus

  private static JsonShape promSuccess(JsonShape data) {
    return object()
        .req("status", string("success"))
        .req("data", data)
        .opt("warnings", array(string()))
        .closed();
  }

  private static JsonShape promResult(String type, JsonShape result) {
    return object().req("resultType", string(type)).req("result", result).closed();
  }

  /** {@code [<unix seconds>, "<value>"]}. */
  private static JsonShape promPoint() {
    return tuple(number(), string(SAMPLE_VALUE));
  }

  private static JsonShape promVector(int minimum) {
    return array(object().req("metric", map(string())).req("value", promPoint()).closed(), minimum);
  }

  private static JsonShape promMatrix(int minimum) {
    return array(
        object()
            .req("metric", map(string()))
            .req("values", sortedArray(promPoint(), 1, "/0", false))
            .closed(),
        minimum);
  }

  // ---- Loki

  private static JsonShape success(JsonShape data) {
    return object().req("status", string("success")).req("data", data).closed();
  }

  /** Loki's {@code stats} object: Grafana reads {@code summary} (and shows the rest in the query inspector). */
  private static JsonShape stats() {
    return object().req("summary", object()).req("querier", object()).req("ingester", object());
  }

  /** A query's answer: {@code data} holds {@code resultType} (a regex of the types allowed), result and stats. */
  private static JsonShape queryResult(String resultType, JsonShape result) {
    return success(
        object()
            .req("resultType", string(resultType))
            .req("result", result)
            .req("stats", stats())
            .closed());
  }

  /**
   * A log query's answer: {@code ["<ns>","line"]}, or with {@code categorize-labels} a third element with the
   * entry's structured metadata and parsed labels (then {@code encodingFlags} echoes the flag).
   */
  private static JsonShape streams(int minimum) {
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
                    minimum))
            .req("stats", stats())
            .closed());
  }

  private static final String SAMPLE_VALUE = "[-+]?[0-9.eE+-]+|NaN|[+-]Inf";

  /** A metric range query's answer (no {@code encodingFlags}: Loki echoes them for streams only). */
  private static JsonShape matrix(int minimum) {
    return queryResult(
        "matrix",
        array(
            object()
                .req("metric", map(string()))
                .req("values", sortedArray(tuple(number(), string(SAMPLE_VALUE)), 1, "/0", false))
                .closed(),
            minimum));
  }

  /** A metric instant query's answer. */
  private static JsonShape vector(int minimum) {
    return queryResult(
        "vector",
        array(
            object()
                .req("metric", map(string()))
                .req("value", tuple(number(), string(SAMPLE_VALUE)))
                .closed(),
            minimum));
  }

  /** {@code /index/stats}: Grafana's query-size hint adds these four up. */
  private static JsonShape indexStats() {
    return object()
        .req("streams", nonNegativeInteger())
        .req("chunks", nonNegativeInteger())
        .req("entries", nonNegativeInteger())
        .req("bytes", nonNegativeInteger())
        .closed();
  }

  /**
   * {@code /index/volume}: a vector of bytes per series (or per label name, with an empty value), largest first as
   * Loki sorts it; Drilldown reads {@code metric[primaryLabel]} and {@code Number(value[1])}.
   */
  private static JsonShape volumeVector(int minimum) {
    return volumeVector(map(string()), minimum);
  }

  /** {@code /index/volume} with {@code aggregateBy=labels}: one series per label name, its value empty. */
  private static JsonShape volumeByLabel(int minimum) {
    return volumeVector(labelNameOnly(), minimum);
  }

  private static JsonShape volumeVector(JsonShape metric, int minimum) {
    return queryResult(
        "vector",
        sortedArray(
            object().req("metric", metric).req("value", tuple(number(), string("\\d+"))).closed(),
            minimum,
            "/value/1",
            true));
  }

  /** Loki's by-label volume series: {@code {"<label name>": ""}}. */
  private static JsonShape labelNameOnly() {
    return new JsonShape() {
      @Override
      void check(JsonNode node, String path, List<String> problems) {
        if (!node.isObject()
            || node.size() != 1
            || !node.properties().iterator().next().getValue().asText("x").isEmpty()) {
          problems.add(path + ": expected one label with an empty value, got " + brief(node));
        }
      }
    };
  }

  /**
   * {@code /index/volume_range}: a matrix of bytes per series and step (a vector when every series has one point),
   * points in time order.
   */
  private static JsonShape volumeMatrix(int minimum) {
    JsonShape point = tuple(number(), string("\\d+"));
    return queryResult(
        "matrix|vector",
        array(
            oneOf(
                object()
                    .req("metric", map(string()))
                    .req("values", sortedArray(point, 1, "/0", false))
                    .closed(),
                object().req("metric", map(string())).req("value", point).closed()),
            minimum));
  }

  /**
   * {@code /detected_fields}: Loki's {@code DetectedFieldsResponse} ({@code fields} and {@code limit} left out when
   * nothing was found); {@code parsers} null for structured metadata, which Drilldown tells apart by it.
   */
  private static JsonShape detectedFields(int minimum) {
    JsonShape fields =
        array(
            object()
                .req("label", string())
                .req("type", string("int|float|boolean|duration|bytes|string"))
                .req("cardinality", nonNegativeInteger())
                .req("parsers", oneOf(nullValue(), array(string("json|logfmt"), 1)))
                .opt("jsonPath", array(string()))
                .closed(),
            minimum);
    return minimum == 0
        ? object().opt("fields", fields).opt("limit", nonNegativeInteger()).closed()
        : object().req("fields", fields).req("limit", nonNegativeInteger()).closed();
  }

  /** {@code /detected_field/{name}/values}: Grafana sorts the values itself. */
  private static JsonShape detectedFieldValues(int minimum) {
    JsonShape values = array(string(), minimum);
    return minimum == 0
        ? object().opt("values", values).opt("limit", nonNegativeInteger()).closed()
        : object().req("values", values).req("limit", nonNegativeInteger()).closed();
  }

  /** {@code /detected_labels}: {@code {}} when there is none (Loki's omitempty). */
  private static JsonShape detectedLabels(int minimum) {
    JsonShape labels =
        array(
            object().req("label", string()).req("cardinality", nonNegativeInteger()).closed(),
            minimum);
    return minimum == 0
        ? object().opt("detectedLabels", labels).closed()
        : object().req("detectedLabels", labels).closed();
  }

  /**
   * {@code /patterns}: Drilldown merges the samples of equal patterns and plots them, {@code [<unix seconds>,
   * <count>]} in time order.
   */
  private static JsonShape patterns(int minimum) {
    return success(
        array(
            object()
                .req("pattern", string())
                .req("level", string())
                .req("samples", sortedArray(tuple(integer(), nonNegativeInteger()), 1, "/0", false))
                .closed(),
            minimum));
  }

  /** {@code /drilldown-limits}: Drilldown caps its line limit by {@code max_entries_limit_per_query}. */
  private static JsonShape drilldownLimits() {
    return object()
        .req("limits", object().req("max_entries_limit_per_query", nonNegativeInteger()))
        .req("pattern_ingester_enabled", bool())
        .req("version", string())
        .closed();
  }
}
