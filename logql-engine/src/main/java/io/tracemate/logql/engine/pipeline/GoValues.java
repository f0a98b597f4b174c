package io.tracemate.logql.engine.pipeline;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

/**
 * Parses label values the way Loki's Go code does: floats ({@code strconv.ParseFloat}), durations
 * ({@code time.ParseDuration}: ns, us, µs, ms, s, m, h, signed, fractional, "0") and byte sizes (go-humanize's
 * {@code ParseBytes}: "20KB" = 20000, "1KiB" = 1024, "10 MB", case-insensitive). Stateless.
 */
public final class GoValues {
  private static final long KIB = 1024L;
  private static final Map<String, Double> BYTE_UNITS = Map.ofEntries(
      Map.entry("", 1d), Map.entry("b", 1d),
      Map.entry("k", 1e3), Map.entry("kb", 1e3), Map.entry("ki", (double) KIB), Map.entry("kib", (double) KIB),
      Map.entry("m", 1e6), Map.entry("mb", 1e6), Map.entry("mi", Math.pow(KIB, 2)), Map.entry("mib", Math.pow(KIB, 2)),
      Map.entry("g", 1e9), Map.entry("gb", 1e9), Map.entry("gi", Math.pow(KIB, 3)), Map.entry("gib", Math.pow(KIB, 3)),
      Map.entry("t", 1e12), Map.entry("tb", 1e12), Map.entry("ti", Math.pow(KIB, 4)), Map.entry("tib", Math.pow(KIB, 4)),
      Map.entry("p", 1e15), Map.entry("pb", 1e15), Map.entry("pi", Math.pow(KIB, 5)), Map.entry("pib", Math.pow(KIB, 5)),
      Map.entry("e", 1e18), Map.entry("eb", 1e18), Map.entry("ei", Math.pow(KIB, 6)), Map.entry("eib", Math.pow(KIB, 6)));

  private GoValues() {}

  /** strconv.ParseFloat: decimal, exponent, Inf/NaN, hex floats are not accepted. */
  public static double parseFloat(String text) {
    String t = text.trim();
    if (!t.equals(text) || t.isEmpty()) {
      throw new NumberFormatException("strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
    }
    switch (t.toLowerCase(Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan" -> {
        return Double.NaN;
      }
      default -> {
      }
    }
    char last = t.charAt(t.length() - 1);
    if (!Character.isDigit(last) && last != '.') {
      // Java accepts "1d"/"1f" suffixes; Go does not
      throw new NumberFormatException("strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
    }
    try {
      return Double.parseDouble(t.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new NumberFormatException("strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
    }
  }

  /** time.ParseDuration, in seconds. */
  public static double parseDurationSeconds(String text) {
    return parseDurationNanos(text) / 1e9;
  }

  /** time.ParseDuration, in nanoseconds. */
  public static long parseDurationNanos(String text) {
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
      throw invalidDuration(text);
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".") || unit.isEmpty()) {
        throw invalidDuration(text);
      }
      long unitNanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration \"" + text
            + "\"");
      };
      try {
        total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
      } catch (NumberFormatException e) {
        throw invalidDuration(text);
      }
    }
    long nanos = total.longValue();
    return negative ? -nanos : nanos;
  }

  private static IllegalArgumentException invalidDuration(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }

  /** go-humanize ParseBytes. */
  public static double parseBytes(String text) {
    String s = text.trim();
    int i = 0;
    while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    String number = s.substring(0, i);
    String unit = s.substring(i).trim().toLowerCase(Locale.ROOT);
    Double multiplier = BYTE_UNITS.get(unit);
    if (number.isEmpty() || multiplier == null) {
      throw new IllegalArgumentException("unhandled size name: " + (multiplier == null ? unit : text));
    }
    try {
      return Math.floor(Double.parseDouble(number) * multiplier);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax", e);
    }
  }
}
