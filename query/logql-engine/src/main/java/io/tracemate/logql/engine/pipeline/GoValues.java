package io.tracemate.logql.engine.pipeline;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.GoDuration;
import java.util.Locale;

/**
 * Parses label values the way Loki's Go code does: floats ({@code strconv.ParseFloat}), durations
 * ({@code time.ParseDuration}, see {@link GoDuration}) and byte sizes (go-humanize's {@code ParseBytes}, see
 * {@link ByteSizes#parseHumanized}). Stateless.
 */
public final class GoValues {
  private GoValues() {}

  /** strconv.ParseFloat: decimal, exponent, Inf/NaN, hex floats are not accepted. */
  public static double parseFloat(String text) {
    String t = text.trim();
    if (!t.equals(text) || t.isEmpty()) {
      throw new NumberFormatException(
          "strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
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
      default -> {}
    }
    char last = t.charAt(t.length() - 1);
    if (!Character.isDigit(last) && last != '.') {
      // Java accepts "1d"/"1f" suffixes; Go does not
      throw new NumberFormatException(
          "strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
    }
    try {
      return Double.parseDouble(t.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new NumberFormatException(
          "strconv.ParseFloat: parsing \"" + text + "\": invalid syntax");
    }
  }

  /** time.ParseDuration, in seconds. */
  public static double parseDurationSeconds(String text) {
    return GoDuration.parseNanos(text) / 1e9;
  }

  /** go-humanize ParseBytes (surrounding spaces ignored). */
  public static double parseBytes(String text) {
    return ByteSizes.parseHumanized(text.strip());
  }
}
