package io.tracemate.receivers.logs;

import io.tracemate.common.units.ByteSizes;
import io.tracemate.common.units.HumanDuration;
import java.time.Duration;

/**
 * The sizes and durations of log limit config, as Loki writes them, with the YAML path in the message: sizes in
 * go-humanize's dialect like Loki's flags ({@code 256KB} is 256000, {@code 3MiB} is 3145728, a bare number is bytes;
 * {@link ByteSizes#parseHumanized}), durations as {@link HumanDuration} reads them ({@code 7d}, {@code 1h30m},
 * {@code 500ms}), and {@code 0}. Stateless.
 */
final class ConfigValues {
  private ConfigValues() {}

  /** @param path the YAML path, for the error message */
  static long bytes(String path, String text) {
    try {
      return ByteSizes.parseHumanized(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path
              + ": '"
              + text
              + "' is not a size; use bytes or a unit such as"
              + " 256KB, 3MiB, 1GB",
          e);
    }
  }

  /** @param path the YAML path, for the error message */
  static Duration duration(String path, String text) {
    if (text != null && text.trim().equals("0")) {
      return Duration.ZERO;
    }
    try {
      return HumanDuration.parse(text == null ? "" : text);
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          path + ": '" + text + "' is not a duration; use e.g. 500ms, 30s, 10m," + " 1h, 7d", e);
    }
  }
}
