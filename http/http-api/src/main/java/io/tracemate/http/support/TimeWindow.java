package io.tracemate.http.support;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.common.units.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The time window of a query: {@code start} and {@code end} as Unix epoch milliseconds or RFC 3339, or
 * {@code lookback} (a duration such as {@code 15m}) back from {@code end}; {@code end} defaults to now and the
 * lookback to 15 minutes. {@code step} (a duration) sizes time-series buckets; by default about 60 points. The window
 * of Tracemate's own APIs (topology, RED); durations in Tracemate's human dialect ({@link HumanDuration}).
 */
public record TimeWindow(Instant start, Instant end, Duration step) {
  static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(15);
  static final Duration MIN_STEP = Duration.ofSeconds(15);
  static final int DEFAULT_POINTS = 60;
  static final int MAX_POINTS = 2_000;

  /** @throws BadRequestException naming the parameter */
  public static TimeWindow parse(QueryParams params, Instant now) {
    Instant end = params.contains("end") ? instant(params.get("end"), "end") : now;
    Instant start;
    if (params.contains("start")) {
      start = instant(params.get("start"), "start");
    } else {
      Duration lookback =
          params.contains("lookback")
              ? duration(params.get("lookback"), "lookback")
              : DEFAULT_LOOKBACK;
      start = end.minus(lookback);
    }
    if (!start.isBefore(end)) {
      throw new BadRequestException("start (" + start + ") must be before end (" + end + ")");
    }
    Duration range = Duration.between(start, end);
    Duration step;
    if (params.contains("step")) {
      step = duration(params.get("step"), "step");
      if (step.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new BadRequestException("step must be at least 1s, got " + params.get("step"));
      }
      if (range.dividedBy(step) > MAX_POINTS) {
        throw new BadRequestException(
            "step "
                + params.get("step")
                + " gives more than "
                + MAX_POINTS
                + " points over "
                + HumanDuration.format(range)
                + "; use a larger step");
      }
    } else {
      Duration even = range.dividedBy(DEFAULT_POINTS);
      step = even.compareTo(MIN_STEP) < 0 ? MIN_STEP : even;
    }
    return new TimeWindow(start, end, step);
  }

  private static Instant instant(String text, String param) {
    String value = text.trim();
    try {
      if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
        return Instant.ofEpochMilli(Long.parseLong(value));
      }
      return Parameters.rfc3339(value);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new BadRequestException(
          "parameter '"
              + param
              + "' must be Unix epoch milliseconds or RFC 3339, got '"
              + text
              + "'");
    }
  }

  static Duration duration(String text, String param) {
    try {
      Duration d = HumanDuration.parse(text);
      if (d.isZero() || d.isNegative()) {
        throw new BadRequestException(
            "parameter '" + param + "' must be positive, got '" + text + "'");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("parameter '" + param + "': " + e.getMessage());
    }
  }

  /**
   * An integer parameter within {@code [min, max]}, {@code defaultValue} when absent or blank.
   *
   * @throws BadRequestException naming the parameter
   */
  public static int intParam(QueryParams params, String param, int defaultValue, int min, int max) {
    String text = params.get(param);
    if (text == null || text.isBlank()) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min || value > max) {
        throw new BadRequestException(
            "parameter '" + param + "' must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadRequestException(
          "parameter '" + param + "' must be an integer, got '" + text + "'");
    }
  }
}
