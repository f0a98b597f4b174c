package io.tracemate.bench;

import io.tracemate.common.units.GoDuration;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Bench durations: Go's dialect ({@code 500ms}, {@code 30s}, {@code 1.5h}, {@code 1m30s}; see {@link GoDuration}), a
 * bare number of seconds ({@code 45}, {@code 2.5}), or ISO-8601 ({@code PT30S}).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String text = value.strip();
    try {
      if (!text.isEmpty() && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
        return Duration.ofNanos(GoDuration.parseNanos(text + "s"));
      }
      if (text.startsWith("P") || text.startsWith("p")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
      return Duration.ofNanos(GoDuration.parseNanos(text));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 500ms, 30s, 2m, 1h, PT30S)");
    }
  }
}
