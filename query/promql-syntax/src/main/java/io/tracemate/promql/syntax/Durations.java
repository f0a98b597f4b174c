package io.tracemate.promql.syntax;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations ({@code model.ParseDuration} and {@code model.Duration.String()}): units y, w, d, h, m, s,
 * ms, each at most once and from largest to smallest ({@code 1h30m}, {@code 90s}, {@code 1500ms}). A year is 365
 * days. Stateless.
 */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile(
          "^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"
              + "(?:([0-9]+)ms)?$");
  private static final long[] UNIT_MILLIS = {
    365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L
  };
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};

  private Durations() {}

  /**
   * Milliseconds of a Prometheus duration.
   *
   * @throws IllegalArgumentException {@code not a valid duration string: "..."} or {@code duration out of range}
   */
  public static long parseMillis(String text) {
    if (text.equals("0")) {
      return 0;
    }
    Matcher m = DURATION.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: " + GoStrings.goQuote(text));
    }
    long total = 0;
    for (int i = 0; i < UNITS.length; i++) {
      String digits = m.group(i + 1);
      if (digits == null) {
        continue;
      }
      try {
        // Go's time.Duration is int64 nanoseconds: anything beyond ~292 years is out of range there
        // too.
        long part = Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[i]);
        total = Math.addExact(total, part);
        Math.multiplyExact(total, 1_000_000L);
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range");
      }
    }
    return total;
  }

  /** {@code model.Duration.String()}: {@code 5m}, {@code 1h30m}, {@code 90d} (years and weeks only when exact). */
  public static String format(long millis) {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long rest = millis;
    for (int i = 0; i < UNITS.length; i++) {
      boolean exactOnly = i < 2;
      if (exactOnly && rest % UNIT_MILLIS[i] != 0) {
        continue;
      }
      long count = rest / UNIT_MILLIS[i];
      if (count > 0) {
        out.append(count).append(UNITS[i]);
        rest -= count * UNIT_MILLIS[i];
      }
    }
    return out.toString();
  }
}
