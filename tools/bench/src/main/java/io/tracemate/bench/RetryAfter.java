package io.tracemate.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date. */
final class RetryAfter {

  private static final Duration MAX = Duration.ofSeconds(30);

  private RetryAfter() {}

  /** The delay, capped at 30 s; null when absent or unparseable. */
  static Duration parse(String header, ZonedDateTime now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.trim();
    try {
      return cap(Duration.ofSeconds(Long.parseLong(value)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        return cap(Duration.between(now, at));
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static Duration cap(Duration delay) {
    if (delay.isNegative()) {
      return Duration.ZERO;
    }
    return delay.compareTo(MAX) > 0 ? MAX : delay;
  }
}
