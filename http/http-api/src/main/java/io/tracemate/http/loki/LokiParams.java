package io.tracemate.http.loki;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.logs.Direction;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Query parameters of the Loki HTTP API, parsed the way Loki's {@code pkg/loghttp/params.go} and
 * {@code query.go} parse them, with Loki's error messages where Loki has fixed ones. Pure functions;
 * "now" is passed in. Stateless and thread-safe.
 */
final class LokiParams {
  static final int DEFAULT_LIMIT = 100;
  static final Duration DEFAULT_SINCE = Duration.ofHours(1);

  /** Loki refuses range queries with more points than this per series. */
  static final long MAX_POINTS_PER_SERIES = 11_000;

  static final int MAX_TAIL_DELAY_SECONDS = 5;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_NANOS_BOUNDARY =
      10_000_000_000L; // Loki: values <= 1e10 are seconds

  /** A decimal number as Go's ParseFloat reads it; Java's parseDouble would also take "15d" or "0x1p3". */
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  /** A range query ({@code /query_range}), times in Unix nanoseconds, end exclusive. */
  record RangeQuery(
      String query,
      long startNanos,
      long endNanos,
      long stepNanos,
      long intervalNanos,
      Direction direction,
      int limit) {}

  /** An instant query ({@code /query}) evaluated at {@code timeNanos}. */
  record InstantQuery(String query, long timeNanos, Direction direction, int limit) {}

  /** A time window. */
  record Bounds(long startNanos, long endNanos) {}

  private LokiParams() {}

  static RangeQuery rangeQuery(QueryParams params, long nowNanos) {
    String query = requiredQuery(params);
    Bounds bounds = orderedBounds(params, nowNanos);
    int limit = limit(params);
    Direction direction = direction(params);
    long step = step(params, bounds);
    if (step <= 0) {
      throw new BadRequestException(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if ((bounds.endNanos() - bounds.startNanos()) / step > MAX_POINTS_PER_SERIES) {
      throw new BadRequestException(
          "exceeded maximum resolution of 11,000 points per time series. "
              + "Try increasing the value of the step parameter");
    }
    long interval = secondsOrDuration(params, "interval", 0);
    if (interval < 0) {
      throw new BadRequestException("interval must be >= 0");
    }
    return new RangeQuery(
        query, bounds.startNanos(), bounds.endNanos(), step, interval, direction, limit);
  }

  static InstantQuery instantQuery(QueryParams params, long nowNanos) {
    String query = requiredQuery(params);
    int limit = limit(params);
    long time = timestamp("time", params.get("time"), nowNanos);
    return new InstantQuery(query, time, direction(params), limit);
  }

  /**
   * {@code start}, {@code end} and {@code since}: end defaults to now; start to {@code min(end, now) - since},
   * since to one hour (Loki's {@code determineBounds}).
   */
  static Bounds bounds(QueryParams params, long nowNanos) {
    long since = DEFAULT_SINCE.toNanos();
    String sinceText = params.get("since");
    if (sinceText != null && !sinceText.isEmpty()) {
      since =
          PrometheusDuration.parse(sinceText)
              .orElseThrow(
                  () ->
                      invalid(
                          "since", "\"" + sinceText + "\" is not a duration (e.g. 15m, 1h, 2d)"))
              .toNanos();
    }
    long end = timestamp("end", params.get("end"), nowNanos);
    long endOrNow = Math.min(end, nowNanos);
    long start = timestamp("start", params.get("start"), endOrNow - since);
    return new Bounds(start, end);
  }

  /** {@link #bounds}, refusing an end before the start, with Loki's message. */
  static Bounds orderedBounds(QueryParams params, long nowNanos) {
    Bounds bounds = bounds(params, nowNanos);
    if (bounds.endNanos() < bounds.startNanos()) {
      throw new BadRequestException("end timestamp must not be before or equal to start time");
    }
    return bounds;
  }

  /** {@code limit}: default 100, must be positive. */
  static int limit(QueryParams params) {
    String text = params.get("limit");
    if (text == null || text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    long value = integer("limit", text);
    if (value <= 0) {
      throw new BadRequestException("limit must be a positive value");
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** {@code direction}: {@code forward} or {@code backward} (any case), default backward. */
  static Direction direction(QueryParams params) {
    String text = params.get("direction");
    if (text == null || text.isEmpty()) {
      return Direction.BACKWARD;
    }
    return switch (text.toUpperCase(Locale.ROOT)) {
      case "FORWARD" -> Direction.FORWARD;
      case "BACKWARD" -> Direction.BACKWARD;
      default -> throw new BadRequestException("invalid direction '" + text + "'");
    };
  }

  /** {@code step}: float seconds or a duration; default {@code max(floor(range in seconds / 250), 1)} seconds. */
  static long step(QueryParams params, Bounds bounds) {
    long rangeSeconds = (bounds.endNanos() - bounds.startNanos()) / NANOS_PER_SECOND;
    long defaultStep = Math.max(rangeSeconds / 250, 1) * NANOS_PER_SECOND;
    return secondsOrDuration(params, "step", defaultStep);
  }

  /** {@code delay_for} of a tail: whole seconds, 0 to 5. */
  static int tailDelaySeconds(QueryParams params) {
    String text = params.get("delay_for");
    if (text == null || text.isEmpty()) {
      return 0;
    }
    long value = integer("delay_for", text);
    if (value > MAX_TAIL_DELAY_SECONDS) {
      throw new BadRequestException("delay_for can't be greater than " + MAX_TAIL_DELAY_SECONDS);
    }
    if (value < 0) {
      throw invalid("delay_for", "must not be negative, got " + value);
    }
    return (int) value;
  }

  static String requiredQuery(QueryParams params) {
    String query = params.get("query");
    if (query == null || query.isBlank()) {
      throw new BadRequestException("invalid parameter 'query': a LogQL query is required");
    }
    return query;
  }

  /**
   * A timestamp as Loki reads one: RFC 3339 (with optional fraction and offset); a decimal number of Unix
   * seconds (millisecond precision) or, above 1e10, of nanoseconds; an integer of Unix seconds up to 1e10,
   * nanoseconds above.
   *
   * @return Unix epoch nanoseconds, or {@code defaultNanos} when the value is absent
   */
  static long timestamp(String name, String value, long defaultNanos) {
    if (value == null || value.isEmpty()) {
      return defaultNanos;
    }
    try {
      return Parameters.epochNanos(Parameters.rfc3339(value));
    } catch (DateTimeParseException | ArithmeticException notRfc3339) {
      // fall through to the numeric forms
    }
    try {
      if (value.contains(".") && FLOAT.matcher(value).matches()) {
        BigDecimal number = new BigDecimal(value);
        BigDecimal whole = number.setScale(0, RoundingMode.DOWN);
        if (whole.compareTo(BigDecimal.valueOf(SECONDS_NANOS_BOUNDARY)) <= 0) {
          BigDecimal millis = number.subtract(whole).setScale(3, RoundingMode.HALF_EVEN);
          return whole.add(millis).movePointRight(9).longValueExact();
        }
        return whole.longValueExact();
      }
      if (INTEGER.matcher(value).matches()) {
        long number = Long.parseLong(value);
        return number <= SECONDS_NANOS_BOUNDARY
            ? Math.multiplyExact(number, NANOS_PER_SECOND)
            : number;
      }
    } catch (ArithmeticException | NumberFormatException outOfRange) {
      throw invalid(name, "\"" + value + "\" is out of range");
    }
    throw invalid(
        name,
        "\""
            + value
            + "\" is not a timestamp (expected RFC 3339, Unix seconds or Unix "
            + "nanoseconds)");
  }

  /** Loki's {@code parseSecondsOrDuration}: a float number of seconds, or a duration such as 15s or 1m30s. */
  static long secondsOrDuration(QueryParams params, String name, long defaultNanos) {
    String value = params.get(name);
    if (value == null || value.isEmpty()) {
      return defaultNanos;
    }
    if (FLOAT.matcher(value).matches()) {
      try {
        return new BigDecimal(value)
            .movePointRight(9)
            .setScale(0, RoundingMode.DOWN)
            .longValueExact();
      } catch (ArithmeticException e) {
        throw new BadRequestException(
            "cannot parse \"" + value + "\" to a valid duration. It overflows int64");
      }
    }
    boolean negative = value.startsWith("-");
    String unsigned = negative ? value.substring(1) : value;
    return PrometheusDuration.parse(unsigned)
        .map(d -> negative ? -d.toNanos() : d.toNanos())
        .orElseThrow(
            () ->
                new BadRequestException(
                    "invalid parameter '"
                        + name
                        + "': cannot parse \""
                        + value
                        + "\" to a valid duration"));
  }

  private static long integer(String name, String text) {
    if (!INTEGER.matcher(text).matches()) {
      throw invalid(name, "\"" + text + "\" is not an integer");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(name, "\"" + text + "\" is out of range");
    }
  }

  static BadRequestException invalid(String name, String detail) {
    return new BadRequestException("invalid parameter '" + name + "': " + detail);
  }
}
