package io.tracemate.spanmetrics.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the collector writes them (Go's {@code time.ParseDuration}): {@code 2ms}, {@code 100us},
 * {@code 1.5s}, {@code 1m30s}; units ns, us (or µs), ms, s, m, h.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /** Nanoseconds, possibly fractional ("1.5ns" stays exact enough for bucket bounds). */
  static double parseNanos(String text, String path) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = PART.matcher(trimmed);
    double total = 0;
    int position = 0;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException(path + ": '" + text + "' is not a duration: use forms like 100us, 2ms, 1.5s"
            + (trimmed.matches("[0-9.]+") ? " (a unit is required)" : ""));
      }
      double amount = Double.parseDouble(matcher.group(1));
      total += amount * switch (matcher.group(2)) {
        case "ns" -> 1d;
        case "us", "µs", "μs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException(path + ": empty duration");
    }
    return total;
  }
}
