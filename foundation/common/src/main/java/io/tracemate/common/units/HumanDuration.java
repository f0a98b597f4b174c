package io.tracemate.common.units;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them in Tracemate's YAML and API parameters: whole numbers with {@code ms},
 * {@code s}, {@code m}, {@code h}, {@code d}, {@code w} ({@code 7d}, {@code 10s}, {@code 1h30m}, {@code 250ms}),
 * or ISO-8601 ({@code PT10S}). No fractions and no sign, unlike {@link GoDuration} and {@link PrometheusDuration}.
 * Stateless.
 */
public final class HumanDuration {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

  private HumanDuration() {}

  /** @throws IllegalArgumentException saying which forms are accepted */
  public static Duration parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      return Duration.parse(trimmed);
    }
    Matcher matcher = PART.matcher(trimmed);
    Duration total = Duration.ZERO;
    int position = 0;
    while (position < trimmed.length()) {
      if (!matcher.find(position) || matcher.start() != position) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration: use forms like 500ms, 10s, 5m, 1h30m, 7d");
      }
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> Duration.ofDays(7 * amount);
              });
      position = matcher.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException("empty duration");
    }
    return total;
  }

  /** The shortest form {@link #parse} reads back, for printing defaults. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 86_400_000 == 0 && millis > 0) {
      return millis / 86_400_000 + "d";
    }
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
