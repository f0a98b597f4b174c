package io.tracemate.common.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * Durations in the Prometheus and Loki dialect: {@code 5m}, {@code 1h30m}, {@code 100ms}, {@code 1d}, {@code 1w},
 * {@code 1y} (365 days), as LogQL ranges, offsets and steps and Loki's query parameters write them.
 *
 * <p>Parsing accepts what Loki accepts (Prometheus units plus Go's {@code ns}, {@code us}/{@code µs} and decimal
 * fractions such as {@code 1.5h}); printing produces the Prometheus form, largest unit first, so
 * {@code parse(format(d))} equals {@code d}. Unlike {@link GoDuration} it knows days, weeks and years; unlike
 * {@link HumanDuration}, fractions and nanoseconds. Stateless and thread-safe.
 */
public final class PrometheusDuration {
  private static final long NANOS_PER_DAY = 86_400_000_000_000L;
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms", "us", "ns"};
  private static final long[] UNIT_NANOS = {
    365 * NANOS_PER_DAY,
    7 * NANOS_PER_DAY,
    NANOS_PER_DAY,
    3_600_000_000_000L,
    60_000_000_000L,
    1_000_000_000L,
    1_000_000L,
    1_000L,
    1L
  };

  private PrometheusDuration() {}

  /** The duration {@code text} denotes, or empty if it is not a duration (or does not fit in a long of nanos). */
  public static Optional<Duration> parse(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal totalNanos = BigDecimal.ZERO;
    int i = 0;
    int length = text.length();
    while (i < length) {
      int numberStart = i;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
      }
      if (i < length && text.charAt(i) == '.') {
        i++;
        while (i < length && isDigit(text.charAt(i))) {
          i++;
        }
      }
      String number = text.substring(numberStart, i);
      int unitLength = unitLengthAt(text, i);
      if (number.isEmpty() || number.equals(".") || unitLength == 0) {
        return Optional.empty();
      }
      long unitNanos = nanosOf(text.substring(i, i + unitLength));
      totalNanos = totalNanos.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos)));
      i += unitLength;
    }
    try {
      return Optional.of(
          Duration.ofNanos(totalNanos.setScale(0, RoundingMode.DOWN).longValueExact()));
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /** Canonical Prometheus-style text for {@code duration}, e.g. {@code 1h30m}; {@code 0s} for zero. */
  public static String format(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    if (nanos < 0) {
      text.append('-');
      nanos = -nanos;
    }
    for (int u = 0; u < UNITS.length; u++) {
      long count = nanos / UNIT_NANOS[u];
      if (count > 0) {
        text.append(count).append(UNITS[u]);
        nanos -= count * UNIT_NANOS[u];
      }
    }
    return text.toString();
  }

  private static int unitLengthAt(String text, int i) {
    for (String twoCharUnit : new String[] {"ms", "us", "µs", "ns"}) {
      if (text.startsWith(twoCharUnit, i)) {
        return 2;
      }
    }
    return i < text.length() && "ywdhms".indexOf(text.charAt(i)) >= 0 ? 1 : 0;
  }

  private static long nanosOf(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> NANOS_PER_DAY;
      case "w" -> 7 * NANOS_PER_DAY;
      case "y" -> 365 * NANOS_PER_DAY;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
