package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.JsonBody;
import java.util.Map;

/**
 * The body of {@code POST /api/v3/traces} and {@code POST /api/v3/trace-summaries}: a {@code FindTracesRequest}
 * (or {@code FindTraceSummariesRequest}) in proto3 JSON, {@code {"query": {"serviceName": ..., "startTimeMin":
 * "2024-05-01T10:00:00Z", "durationMin": "1.5s", "attributes": {"http.status_code": "500"}, "searchDepth": 20}}},
 * as the {@code additional_bindings} of jaeger-idl's {@code query_service.proto} map it. Field names may be
 * lowerCamelCase or the proto's snake_case, as every proto3 JSON parser accepts.
 *
 * <p>It is translated into the query parameters of the {@code GET} binding, so both bindings share
 * {@link V3Params}'s validation and messages. A field Tracemate does not know is refused rather than ignored:
 * dropping a predicate would answer with more traces than were asked for. Stateless and thread-safe.
 */
final class V3SearchBody {

  /** proto3 JSON name (either spelling) → the GET binding's canonical parameter. */
  private static final Map<String, String> FIELDS =
      Map.ofEntries(
          Map.entry("serviceName", "query.serviceName"),
          Map.entry("service_name", "query.serviceName"),
          Map.entry("operationName", "query.operationName"),
          Map.entry("operation_name", "query.operationName"),
          Map.entry("attributes", "query.attributes"),
          Map.entry("startTimeMin", "query.startTimeMin"),
          Map.entry("start_time_min", "query.startTimeMin"),
          Map.entry("startTimeMax", "query.startTimeMax"),
          Map.entry("start_time_max", "query.startTimeMax"),
          Map.entry("durationMin", "query.durationMin"),
          Map.entry("duration_min", "query.durationMin"),
          Map.entry("durationMax", "query.durationMax"),
          Map.entry("duration_max", "query.durationMax"),
          Map.entry("searchDepth", "query.searchDepth"),
          Map.entry("search_depth", "query.searchDepth"),
          Map.entry("rawTraces", "query.rawTraces"),
          Map.entry("raw_traces", "query.rawTraces"),
          Map.entry("filter", "query.filter"));

  private V3SearchBody() {}

  /**
   * @throws BadRequestException when the body is not such a JSON object, names an unknown field or gives a
   *     field a value of the wrong JSON type
   */
  static QueryParams toQueryParams(String body) {
    JsonNode root;
    try {
      root = JsonBody.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException(
          "malformed request body: not JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()),
          e);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException(
          "malformed request body: expected a JSON object such as"
              + " {\"query\": {\"serviceName\": \"frontend\", \"startTimeMin\": \"...\", \"startTimeMax\": \"...\"}}");
    }
    QueryParamsBuilder params = QueryParams.builder();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!field.getKey().equals("query")) {
        throw new BadRequestException(
            "malformed request body: unknown field '"
                + field.getKey()
                + "'; the request has one field, 'query'");
      }
    }
    JsonNode query = root.path("query");
    if (query.isMissingNode() || query.isNull()) {
      return params.build();
    }
    if (!query.isObject()) {
      throw new BadRequestException(
          "malformed request body: 'query' must be an object, got " + query);
    }
    for (Map.Entry<String, JsonNode> field : query.properties()) {
      String name = field.getKey();
      String param = FIELDS.get(name);
      if (param == null) {
        throw new BadRequestException(
            "malformed request body: unknown field 'query."
                + name
                + "'; known fields"
                + " are serviceName, operationName, attributes, startTimeMin, startTimeMax, durationMin, durationMax,"
                + " searchDepth and rawTraces");
      }
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      params.set(param, text(name, value, param));
    }
    return params.build();
  }

  /** The GET binding's text for one field, checking the JSON type proto3 JSON allows for it. */
  private static String text(String name, JsonNode value, String param) {
    switch (param) {
      case "query.attributes", "query.filter" -> {
        if (!value.isObject()) {
          throw new BadRequestException(
              "malformed request body: 'query." + name + "' must be an object, got " + value);
        }
        return value.toString();
      }
      case "query.searchDepth" -> {
        // int32: a JSON number or a string holding one.
        if (!value.isIntegralNumber() && !value.isTextual()) {
          throw new BadRequestException(
              "malformed request body: 'query."
                  + name
                  + "' must be a whole number,"
                  + " got "
                  + value);
        }
        return value.asText();
      }
      case "query.rawTraces" -> {
        if (!value.isBoolean()) {
          throw new BadRequestException(
              "malformed request body: 'query."
                  + name
                  + "' must be true or false,"
                  + " got "
                  + value);
        }
        return value.asText();
      }
      default -> {
        if (!value.isTextual()) {
          throw new BadRequestException(
              "malformed request body: 'query." + name + "' must be a string, got " + value);
        }
        return value.asText();
      }
    }
  }
}
