package io.tracemate.query;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;

/**
 * Parses durations written the way Go's {@code time.ParseDuration} reads them ({@code 1.5s}, {@code 100ms},
 * {@code 1m30s}, {@code -2h}, {@code 0}), because the Jaeger UI and Grafana send {@code minDuration},
 * {@code maxDuration} and {@code query.durationMin} in that syntax.
 *
 * <p>Units: {@code ns}, {@code us}, {@code µs} (micro sign or Greek mu), {@code ms}, {@code s}, {@code m},
 * {@code h}. {@link #parseLookback} also takes {@code d} (24h) and {@code w} (7d), which the Jaeger UI uses
 * for its lookback choices. Fractions are exact (no floating point); the result is truncated to whole
 * nanoseconds. Stateless and thread-safe.
 */
public final class GoDuration {
  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;

  private static final Map<String, Long> GO_UNITS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L,
      "\u03bcs", 1_000L,
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", NANOS_PER_HOUR);

  private static final Map<String, Long> LOOKBACK_EXTRA_UNITS = Map.of(
      "d", 24 * NANOS_PER_HOUR,
      "w", 7 * 24 * NANOS_PER_HOUR);

  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_MAGNITUDE = MAX.add(BigInteger.ONE);

  private GoDuration() {}

  /**
   * Go duration syntax, in nanoseconds; may be negative.
   *
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static long parseNanos(String text) {
    return parse(text, false);
  }

  /**
   * Go duration syntax plus the units {@code d} and {@code w}, in nanoseconds; may be negative.
   *
   * @throws IllegalArgumentException saying what is wrong with the text
   */
  public static long parseLookback(String text) {
    return parse(text, true);
  }

  private static long parse(String text, boolean lookbackUnits) {
    if (text == null) {
      throw new IllegalArgumentException("invalid duration: none given");
    }
    String s = text;
    boolean negative = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw invalid(text, "empty");
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int numberStart = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean hasInteger = i > numberStart;
      boolean hasFraction = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        hasFraction = i > fractionStart;
      }
      if (!hasInteger && !hasFraction) {
        throw invalid(text, "expected a number at position " + (numberStart + (negative ? 1 : 0)));
      }
      String number = s.substring(numberStart, i);
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      if (unitStart == i) {
        throw invalid(text, "missing unit after '" + number + "' (expected " + unitList(lookbackUnits) + ")");
      }
      String unitText = s.substring(unitStart, i);
      Long unit = GO_UNITS.get(unitText);
      if (unit == null && lookbackUnits) {
        unit = LOOKBACK_EXTRA_UNITS.get(unitText);
      }
      if (unit == null) {
        throw invalid(text, "unknown unit '" + unitText + "' (expected " + unitList(lookbackUnits) + ")");
      }
      BigDecimal value = new BigDecimal(number);
      total = total.add(value.multiply(BigDecimal.valueOf(unit)).toBigInteger());
      if (total.compareTo(MIN_MAGNITUDE) > 0) {
        throw invalid(text, "out of range");
      }
    }
    if (negative) {
      return total.negate().longValueExact();
    }
    if (total.compareTo(MAX) > 0) {
      throw invalid(text, "out of range");
    }
    return total.longValueExact();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String unitList(boolean lookbackUnits) {
    return lookbackUnits ? "ns, us, \u00b5s, ms, s, m, h, d or w" : "ns, us, \u00b5s, ms, s, m or h";
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid duration \"" + text + "\": " + why);
  }
}
