package io.tracemate.common.units;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Durations in Go's {@code time.ParseDuration} dialect: a sign, then one or more decimal numbers each with a unit
 * ({@code 1.5s}, {@code 100ms}, {@code 1h2m3.5s}, {@code -2h}, {@code .5s}), or {@code 0}. Units: {@code ns},
 * {@code us}, {@code µs} (micro sign or Greek mu), {@code ms}, {@code s}, {@code m}, {@code h}; no spaces, no
 * days. This is what the Jaeger UI and Grafana send as {@code minDuration}, what the OpenTelemetry Collector's
 * configs hold, and what LogQL's {@code duration()} conversions read, so errors carry Go's own messages
 * ({@code time: unknown unit "d" in duration "1d"}).
 *
 * <p>Fractions are exact; each number is truncated to whole nanoseconds, as Go does. Stateless.
 */
public final class GoDuration {
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_MAGNITUDE = MAX.add(BigInteger.ONE);
  private static final long HOUR = 3_600_000_000_000L;

  private GoDuration() {}

  /**
   * Nanoseconds; may be negative.
   *
   * @throws IllegalArgumentException with Go's message
   */
  public static long parseNanos(String text) {
    return parse(text, false);
  }

  /**
   * Like {@link #parseNanos}, also with {@code d} (24h) and {@code w} (7d), as the Jaeger UI writes lookbacks.
   *
   * @throws IllegalArgumentException with Go's message
   */
  public static long parseNanosWithDays(String text) {
    return parse(text, true);
  }

  private static long parse(String text, boolean days) {
    if (text == null) {
      throw new IllegalArgumentException("time: invalid duration \"\"");
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
      throw invalid(text);
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      boolean integer = i > start;
      boolean fraction = false;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fractionStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fraction = i > fractionStart;
      }
      if (!integer && !fraction) {
        throw invalid(text); // no digits: ".s", "s", "-.s"
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      if (unitStart == i) {
        throw new IllegalArgumentException("time: missing unit in duration " + quote(text));
      }
      String unitText = s.substring(unitStart, i);
      long unit = unit(unitText, days);
      if (unit == 0) {
        throw new IllegalArgumentException(
            "time: unknown unit " + quote(unitText) + " in duration " + quote(text));
      }
      total =
          total.add(
              new BigDecimal(number.endsWith(".") ? number + "0" : number)
                  .multiply(BigDecimal.valueOf(unit))
                  .toBigInteger());
      if (total.compareTo(MIN_MAGNITUDE) > 0) {
        throw invalid(text);
      }
    }
    if (negative) {
      return total.negate().longValueExact();
    }
    if (total.compareTo(MAX) > 0) {
      throw invalid(text);
    }
    return total.longValueExact();
  }

  private static long unit(String unit, boolean days) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "\u00b5s", "\u03bcs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> HOUR;
      case "d" -> days ? 24 * HOUR : 0;
      case "w" -> days ? 7 * 24 * HOUR : 0;
      default -> 0;
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration " + quote(text));
  }

  /** Go's strconv.Quote for the printable text these messages carry. */
  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
