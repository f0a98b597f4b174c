package io.tracemate.http.jaeger;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.common.units.GoDuration;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the parameters of Jaeger's api_v3 HTTP gateway. Each parameter has a canonical camelCase name
 * ({@code query.serviceName}) and a deprecated snake_case alias ({@code query.service_name}); the
 * canonical one wins when both are sent. Times are RFC 3339 with optional fraction; because Grafana
 * appends them to the URL unencoded, a {@code +} of the zone offset that arrived as a space is put back.
 * Stateless and thread-safe.
 */
public final class V3Params {

  /** The time range of {@code /api/v3/dependencies}: {@code [start, end)}. */
  public record TimeRange(Instant start, Instant end) {}

  private V3Params() {}

  /** {@code GET /api/v3/traces}. */
  public static TraceQuery parseFindTraces(QueryParams params, QueryLimits limits) {
    String filter = params.get("query.filter");
    if (filter != null && !filter.isEmpty()) {
      // Jaeger refuses it too unless its experimental feature gate is on; ignoring it would widen
      // the search.
      throw new BadRequestException(
          "query.filter (the structured query filter) is not supported; search with"
              + " query.serviceName, query.operationName, query.attributes and query.durationMin/durationMax");
    }
    Param service = Param.of(params, "query.serviceName", "query.service_name");
    Param operation = Param.of(params, "query.operationName", "query.operation_name");
    if (!operation.isEmpty() && service.isEmpty()) {
      throw new BadRequestException(
          service.name + " is required when " + operation.name + " is given");
    }
    Param min = Param.of(params, "query.startTimeMin", "query.start_time_min");
    Param max = Param.of(params, "query.startTimeMax", "query.start_time_max");
    if (min.isEmpty() || max.isEmpty()) {
      throw new BadRequestException(
          "query.startTimeMin and query.startTimeMax (or query.start_time_min and"
              + " query.start_time_max) are required");
    }
    long minNanos = Parameters.epochNanos(parseTime(min.value, min.name));
    long maxNanos = Parameters.epochNanos(parseTime(max.value, max.name));
    if (maxNanos <= minNanos) {
      throw new BadRequestException(
          "malformed parameter "
              + max.name
              + ": must be after "
              + min.name
              + " ("
              + min.value
              + "), got "
              + max.value);
    }

    Param depth = Param.of(params, "query.searchDepth", "query.search_depth");
    if (depth.isEmpty()) {
      depth = new Param("query.num_traces", params.get("query.num_traces"));
    }
    int limit = parseSearchDepth(depth, limits);

    Param durationMin = Param.of(params, "query.durationMin", "query.duration_min");
    Param durationMax = Param.of(params, "query.durationMax", "query.duration_max");
    long minDuration = parseDuration(durationMin, 0);
    long maxDuration = parseDuration(durationMax, TraceQuery.NO_MAX);
    if (maxDuration < minDuration) {
      throw new BadRequestException(
          "malformed parameter "
              + durationMax.name
              + ": "
              + durationMax.value
              + " must not be less than "
              + durationMin.name
              + " ("
              + durationMin.value
              + ")");
    }
    parseBool(Param.of(params, "query.rawTraces", "query.raw_traces"));

    String attributes = params.get("query.attributes");
    Map<String, String> tags =
        attributes == null || attributes.isBlank()
            ? Map.of()
            : TagFilters.parseJsonObjectOr(attributes, "malformed parameter query.attributes");

    return TraceQuery.builder()
        .serviceName(service.value)
        .operationName(operation.value)
        .tags(tags)
        .startTimeMinNanos(Math.max(0, minNanos))
        // start_time_max is exclusive in api_v3, the store's bound is inclusive.
        .startTimeMaxNanos(Math.max(0, maxNanos - 1))
        .durationMinNanos(minDuration)
        .durationMaxNanos(maxDuration)
        .limit(limit)
        .build();
  }

  /**
   * {@code query.searchDepth}: a positive whole number, the default when absent; larger than the limit is lowered
   * to it, as every search is bounded.
   */
  private static int parseSearchDepth(Param depth, QueryLimits limits) {
    if (depth.isEmpty()) {
      return limits.defaultV3SearchDepth();
    }
    int value;
    try {
      value = Integer.parseInt(depth.value.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestException(
          "malformed parameter "
              + depth.name
              + ": expected a whole number, got '"
              + depth.value
              + "'");
    }
    if (value <= 0) {
      throw new BadRequestException(
          "malformed parameter " + depth.name + ": must be greater than 0, got " + value);
    }
    return Math.min(value, limits.maxSearchLimit());
  }

  /** A non-negative Go duration ({@code 1.5s}, {@code 300ms}) in nanoseconds, or {@code absent}. */
  private static long parseDuration(Param duration, long absent) {
    if (duration.isEmpty()) {
      return absent;
    }
    long nanos;
    try {
      nanos = GoDuration.parseNanos(duration.value.strip());
    } catch (IllegalArgumentException e) {
      // Go's own wording, as Jaeger's gateway passes on time.ParseDuration's error.
      throw new BadRequestException("malformed parameter " + duration.name + ": " + e.getMessage());
    }
    if (nanos < 0) {
      throw new BadRequestException(
          "malformed parameter " + duration.name + ": must not be negative, got " + duration.value);
    }
    return nanos;
  }

  /**
   * The trace ID of {@code GET /api/v3/traces/{trace_id}} as Jaeger's gateway reads it: 1 to 32 hex digits, or
   * base64 (standard or URL alphabet, padded or not) of 16 or 8 bytes, which clients that print protobuf
   * {@code bytes} fields in JSON send.
   *
   * @throws BadRequestException naming the parameter
   */
  public static TraceId parseTraceId(String text, String param) {
    try {
      return TraceId.fromHex(text);
    } catch (IllegalArgumentException notHex) {
      if (!text.isEmpty() && text.length() <= 24) {
        for (Base64.Decoder decoder :
            new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
          try {
            byte[] bytes = decoder.decode(text);
            if (bytes.length == 16 || bytes.length == 8) {
              return TraceId.fromBytes(bytes);
            }
          } catch (IllegalArgumentException notThisAlphabet) {
            // try the next one
          }
        }
      }
      throw new BadRequestException(
          "malformed parameter "
              + param
              + ": "
              + notHex.getMessage()
              + " (or base64 of 16 bytes), got '"
              + text
              + "'",
          notHex);
    }
  }

  /** {@code GET /api/v3/traces/{trace_id}}: the optional time hints must be valid when given. */
  public static void checkGetTraceParams(QueryParams params) {
    Param start = Param.of(params, "startTime", "start_time");
    Param end = Param.of(params, "endTime", "end_time");
    if (!start.isEmpty()) {
      parseTime(start.value, start.name);
    }
    if (!end.isEmpty()) {
      parseTime(end.value, end.name);
    }
    parseBool(Param.of(params, "rawTraces", "raw_traces"));
  }

  /** {@code GET /api/v3/operations}: the span kind filter, or null for all. */
  public static SpanKind parseSpanKind(QueryParams params) {
    Param kind = Param.of(params, "spanKind", "span_kind");
    if (kind.isEmpty()) {
      return null;
    }
    try {
      return SpanKind.fromJaegerName(kind.value);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed parameter " + kind.name + ": " + e.getMessage());
    }
  }

  /** {@code GET /api/v3/dependencies}: both ends required, end after start. */
  public static TimeRange parseDependencies(QueryParams params) {
    Param start = Param.of(params, "startTime", "start_time");
    Param end = Param.of(params, "endTime", "end_time");
    if (start.isEmpty()) {
      throw new BadRequestException("startTime (or start_time) is required");
    }
    if (end.isEmpty()) {
      throw new BadRequestException("endTime (or end_time) is required");
    }
    Instant from = parseTime(start.value, "startTime");
    Instant to = parseTime(end.value, "endTime");
    if (!to.isAfter(from)) {
      throw new BadRequestException(
          "malformed parameter endTime: must be after startTime ("
              + start.value
              + "), got "
              + end.value);
    }
    return new TimeRange(from, to);
  }

  /**
   * RFC 3339 with optional fractional seconds ({@code 2024-01-02T03:04:05.123456789+01:00}).
   *
   * @throws BadRequestException naming the parameter
   */
  public static Instant parseTime(String text, String param) {
    // Grafana appends the times unencoded, so the '+' of an offset arrives as a space.
    String repaired = text.strip().replace(' ', '+');
    try {
      return Parameters.rfc3339(repaired);
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "malformed parameter "
              + param
              + ": expected an RFC 3339 time such as"
              + " 2024-01-02T03:04:05.123456789Z, got '"
              + text
              + "'",
          e);
    }
  }

  private static void parseBool(Param param) {
    if (!param.isEmpty()
        && !param.value.equalsIgnoreCase("true")
        && !param.value.equalsIgnoreCase("false")
        && !param.value.equals("1")
        && !param.value.equals("0")) {
      throw new BadRequestException(
          "malformed parameter "
              + param.name
              + ": expected true or false, got '"
              + param.value
              + "'");
    }
  }

  /** A parameter value with the name it was sent under, for error messages. */
  private record Param(String name, String value) {
    static Param of(QueryParams params, String canonical, String deprecated) {
      String value = params.get(canonical);
      if (value != null && !value.isEmpty()) {
        return new Param(canonical, value);
      }
      return new Param(
          canonical.equals(deprecated) || params.get(deprecated) == null ? canonical : deprecated,
          params.get(deprecated));
    }

    boolean isEmpty() {
      return value == null || value.isEmpty();
    }
  }
}
