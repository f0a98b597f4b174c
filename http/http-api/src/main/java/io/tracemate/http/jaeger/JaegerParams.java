package io.tracemate.http.jaeger;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.common.units.GoDuration;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the parameters of Jaeger's v1 HTTP API ({@code /api/traces}, {@code /api/dependencies}, ...) with
 * Jaeger's units: search times in microseconds, dependency times in milliseconds, durations in Go syntax.
 * Every problem becomes a {@link BadRequestException} naming the parameter, in Jaeger's words. Stateless and
 * thread-safe.
 */
public final class JaegerParams {

  /** A v1 search: either direct trace IDs (when any {@code traceID} was given) or a query. */
  public record TraceSearch(TraceQuery query, List<TraceId> traceIds) {
    public TraceSearch {
      traceIds = List.copyOf(traceIds);
    }

    public boolean byTraceIds() {
      return !traceIds.isEmpty();
    }
  }

  /** A dependency request: links for spans started in {@code [start, end)}, optionally of one service. */
  public record DependencyWindow(Instant start, Instant end, String service) {}

  private JaegerParams() {}

  /**
   * {@code GET /api/traces} parameters.
   *
   * @param now the time {@code end} defaults to
   */
  public static TraceSearch parseSearch(QueryParams params, Instant now, QueryLimits limits) {
    String service = Parameters.optional(params, "service");
    String operation = Parameters.optional(params, "operation");
    if (operation != null && service == null) {
      throw new BadRequestException("parameter 'service' is required when 'operation' is given");
    }

    Long endMicros = parseLong(params, "end");
    long endNanos =
        endMicros == null ? Parameters.epochNanos(now) : microsToNanos(endMicros, "end", 999);
    Long startMicros = parseLong(params, "start");
    long startNanos;
    if (startMicros != null) {
      startNanos = microsToNanos(startMicros, "start", 0);
    } else {
      startNanos = saturatedSubtract(endNanos, lookbackNanos(params, limits));
    }
    if (startNanos > endNanos) {
      throw new BadRequestException(
          "invalid parameter: start time ("
              + startMicros
              + " µs) must be before end time ("
              + (endMicros == null ? "now" : endMicros + " µs")
              + ")");
    }

    Map<String, String> tags = TagFilters.parse(params.getAll("tag"), params.getAll("tags"));
    int limit = parseLimit(params.get("limit"), "limit", limits.defaultSearchLimit(), limits);

    long minDuration = parseDuration(params.get("minDuration"), "minDuration", 0);
    long maxDuration = parseDuration(params.get("maxDuration"), "maxDuration", TraceQuery.NO_MAX);
    checkDurationRange(minDuration, maxDuration, "minDuration", "maxDuration", params);

    List<TraceId> traceIds = parseTraceIds(params.getAll("traceID"), limits);
    String prefix = Parameters.optional(params, "traceIDPrefix");
    if (prefix != null
        && (prefix.length() > 32 || !prefix.chars().allMatch(c -> Character.digit(c, 16) >= 0))) {
      throw new BadRequestException(
          "malformed traceIDPrefix '" + prefix + "': expected 1 to 32 hex digits");
    }

    TraceQuery query =
        TraceQuery.builder()
            .serviceName(service)
            .operationName(operation)
            .tags(tags)
            .startTimeMinNanos(Math.max(0, startNanos))
            .startTimeMaxNanos(Math.max(0, endNanos))
            .durationMinNanos(minDuration)
            .durationMaxNanos(maxDuration)
            .limit(limit)
            .traceIdPrefix(prefix)
            .order(parseOrder(params.get("orderBy")))
            .build();
    return new TraceSearch(query, traceIds);
  }

  /**
   * Tracemate's extension {@code orderBy}: {@code start} (default, Jaeger's newest first) or {@code duration}
   * (the slowest traces of the window, longest first; the limit keeps the slowest).
   */
  static TraceQuery.Order parseOrder(String text) {
    if (text == null || text.isEmpty() || text.equals("start")) {
      return TraceQuery.Order.NEWEST_FIRST;
    }
    if (text.equals("duration")) {
      return TraceQuery.Order.LONGEST_FIRST;
    }
    throw unparsable("orderBy", "expected 'start' or 'duration', got '" + text + "'");
  }

  /** {@code GET /api/dependencies}: {@code endTs} and {@code lookback} in milliseconds. */
  public static DependencyWindow parseDependencies(
      QueryParams params, Instant now, QueryLimits limits) {
    Long endTs = parseLong(params, "endTs");
    Instant end = endTs == null ? now : Instant.ofEpochMilli(endTs);
    Long lookback = parseLong(params, "lookback");
    long lookbackMillis =
        lookback == null ? limits.defaultDependencyLookback().toMillis() : lookback;
    if (lookbackMillis < 0) {
      throw new BadRequestException(
          "invalid parameter: lookback must not be negative, got " + lookbackMillis + " ms");
    }
    return new DependencyWindow(
        end.minusMillis(lookbackMillis), end, Parameters.optional(params, "service"));
  }

  /**
   * A trace ID as Jaeger accepts it: 1 to 32 hex digits, either case, leading zeros optional.
   *
   * @param param where it came from, for the error message
   */
  public static TraceId parseTraceId(String text, String param) {
    try {
      return TraceId.fromHex(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("malformed " + param + " '" + text + "': " + e.getMessage(), e);
    }
  }

  /** {@code spanKind} of {@code /api/operations}: null (all kinds) when absent or empty. */
  public static SpanKind parseSpanKind(String text, String param) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return SpanKind.fromJaegerName(text);
    } catch (IllegalArgumentException e) {
      throw unparsable(param, e.getMessage());
    }
  }

  /** Trace-by-ID {@code start}/{@code end} are only hints (Grafana even sends ms); they must be integers. */
  public static void checkTimeHints(QueryParams params) {
    parseLong(params, "start");
    parseLong(params, "end");
  }

  static int parseLimit(String text, String param, int defaultLimit, QueryLimits limits) {
    if (text == null || text.isEmpty()) {
      return defaultLimit;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw unparsable(param, "expected a whole number, got '" + text + "'");
    }
    if (limit <= 0) {
      throw new BadRequestException(
          "invalid parameter: " + param + " must be greater than 0, got " + limit);
    }
    return Math.min(limit, limits.maxSearchLimit());
  }

  /** A non-negative Go duration in nanoseconds, or {@code absent} when not given. */
  static long parseDuration(String text, String param, long absent) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    long nanos;
    try {
      nanos = GoDuration.parseNanos(text.strip());
    } catch (IllegalArgumentException e) {
      throw unparsable(param, e.getMessage());
    }
    if (nanos < 0) {
      throw new BadRequestException(
          "invalid parameter: " + param + " must not be negative, got " + text);
    }
    return nanos;
  }

  static void checkDurationRange(
      long min, long max, String minParam, String maxParam, QueryParams params) {
    if (max < min) {
      throw new BadRequestException(
          "invalid parameter: "
              + maxParam
              + " ("
              + params.get(maxParam)
              + ") must not be less than "
              + minParam
              + " ("
              + params.get(minParam)
              + ")");
    }
  }

  static List<TraceId> parseTraceIds(List<String> texts, QueryLimits limits) {
    Set<TraceId> ids = new LinkedHashSet<>();
    for (String text : texts) {
      for (String part : text.split(",")) {
        if (!part.isBlank()) {
          ids.add(parseTraceId(part.strip(), "traceID"));
        }
      }
    }
    if (ids.size() > limits.maxTraceIdsPerRequest()) {
      throw new BadRequestException(
          "too many traceID parameters: "
              + ids.size()
              + ", at most "
              + limits.maxTraceIdsPerRequest()
              + " per request");
    }
    return List.copyOf(ids);
  }

  private static long lookbackNanos(QueryParams params, QueryLimits limits) {
    String lookback = params.get("lookback");
    if (lookback == null || lookback.isEmpty() || lookback.equals("custom")) {
      return limits.defaultSearchLookback().toNanos();
    }
    long nanos;
    try {
      nanos = GoDuration.parseNanosWithDays(lookback.strip());
    } catch (IllegalArgumentException e) {
      throw unparsable("lookback", e.getMessage());
    }
    if (nanos <= 0) {
      throw new BadRequestException(
          "invalid parameter: lookback must be positive, got " + lookback);
    }
    return nanos;
  }

  static Long parseLong(QueryParams params, String param) {
    String text = params.get(param);
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw unparsable(param, "expected a whole number, got '" + text + "'");
    }
  }

  private static long microsToNanos(long micros, String param, long extraNanos) {
    try {
      return Math.addExact(Math.multiplyExact(micros, 1000L), extraNanos);
    } catch (ArithmeticException e) {
      throw unparsable(param, micros + " µs is out of range");
    }
  }

  private static long saturatedSubtract(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
  }

  /** "unable to parse param 'minDuration': ..." — Jaeger's wording, so existing clients show familiar text. */
  private static BadRequestException unparsable(String param, String detail) {
    return new BadRequestException("unable to parse param '" + param + "': " + detail);
  }
}
