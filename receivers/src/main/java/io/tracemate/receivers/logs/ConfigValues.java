package io.tracemate.receivers.logs;

import io.tracemate.model.HumanDuration;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the human forms of sizes and durations in log limit config, as Loki writes them. Sizes follow
 * go-humanize like Loki's flags: {@code 256KB} is 256000, {@code 3MiB} is 3145728, a bare number is bytes.
 * Durations as {@link HumanDuration} reads them ({@code 7d}, {@code 1h30m}, {@code 500ms}), and {@code 0}.
 * Stateless.
 */
final class ConfigValues {
  private static final Pattern SIZE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z]*)\\s*");
  private static final long KIB = 1024;
  private static final Map<String, Long> UNITS = Map.ofEntries(
      Map.entry("", 1L), Map.entry("b", 1L),
      Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("ki", KIB), Map.entry("kib", KIB),
      Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L), Map.entry("mi", KIB * KIB),
      Map.entry("mib", KIB * KIB),
      Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L), Map.entry("gi", KIB * KIB * KIB),
      Map.entry("gib", KIB * KIB * KIB));

  private ConfigValues() {}

  /** @param path the YAML path, for the error message */
  static long bytes(String path, String text) {
    Matcher matcher = SIZE.matcher(text == null ? "" : text);
    Long unit = matcher.matches() ? UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT)) : null;
    if (unit == null) {
      throw new IllegalArgumentException(path + ": '" + text + "' is not a size; use bytes or a unit such as"
          + " 256KB, 3MiB, 1GB");
    }
    return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
  }

  /** @param path the YAML path, for the error message */
  static Duration duration(String path, String text) {
    if (text != null && text.trim().equals("0")) {
      return Duration.ZERO;
    }
    try {
      return HumanDuration.parse(text == null ? "" : text);
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(path + ": '" + text + "' is not a duration; use e.g. 500ms, 30s, 10m,"
          + " 1h, 7d", e);
    }
  }

}
