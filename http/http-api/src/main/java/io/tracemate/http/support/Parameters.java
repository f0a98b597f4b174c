package io.tracemate.http.support;

import com.linecorp.armeria.common.QueryParams;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The parameter kinds every API family reads the same way. Where the families differ (Jaeger's microseconds and Go
 * durations, Loki's Unix seconds-or-nanoseconds and Prometheus durations, our epoch milliseconds and human
 * durations; each family's limits and its wording), the family's own parser ({@code JaegerParams},
 * {@code V3Params}, {@code LokiParams}, {@link TimeWindow}) builds on these and phrases the error. Stateless and
 * thread-safe.
 */
public final class Parameters {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private Parameters() {}

  /** The parameter's value, or null when it is absent or empty (an empty value names nothing). */
  public static String optional(QueryParams params, String name) {
    String value = params.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** @throws BadRequestException {@code parameter '<name>' is required} when absent, empty or blank */
  public static String required(QueryParams params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw new BadRequestException("parameter '" + name + "' is required");
    }
    return value;
  }

  /**
   * An RFC 3339 time with optional fractional seconds and an offset ({@code 2024-01-02T03:04:05.123456789+01:00}).
   *
   * @throws DateTimeParseException for anything else; the family names the parameter
   */
  public static Instant rfc3339(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
  }

  /**
   * Unix epoch nanoseconds, the unit of the stores' time bounds.
   *
   * @throws ArithmeticException beyond what a long holds (the year 2262)
   */
  public static long epochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }
}
