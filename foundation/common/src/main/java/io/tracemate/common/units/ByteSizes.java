package io.tracemate.common.units;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Byte sizes in their two dialects.
 *
 * <ul>
 *   <li>{@link #parseHumanized}: go-humanize's {@code ParseBytes}, which Loki uses for its limits, LogQL's bytes
 *       literals and {@code bytes()} conversions: SI units are powers of 1000 ({@code 20KB} = 20000), IEC units
 *       powers of 1024 ({@code 1KiB} = 1024), case-insensitive, short forms ({@code 10k}, {@code 3Mi}), fractions
 *       ({@code 1.5MB}), a space before the unit, a bare number is bytes.</li>
 *   <li>{@link #parseBinary}: Tracemate's own configuration keys ({@code 64MiB}, {@code 512KB},
 *       {@code 1048576}), where {@code KB}, {@code MB}, {@code GB}, {@code TB} are powers of 1024 as the JVM's
 *       {@code -Xmx} reads them; whole numbers only.</li>
 * </ul>
 *
 * <p>Stateless.
 */
public final class ByteSizes {
  private static final long KIB = 1024L;
  private static final Map<String, Long> HUMANIZE_UNITS =
      Map.ofEntries(
          Map.entry("", 1L),
          Map.entry("b", 1L),
          Map.entry("k", 1_000L),
          Map.entry("kb", 1_000L),
          Map.entry("ki", KIB),
          Map.entry("kib", KIB),
          Map.entry("m", 1_000_000L),
          Map.entry("mb", 1_000_000L),
          Map.entry("mi", KIB * KIB),
          Map.entry("mib", KIB * KIB),
          Map.entry("g", 1_000_000_000L),
          Map.entry("gb", 1_000_000_000L),
          Map.entry("gi", KIB * KIB * KIB),
          Map.entry("gib", KIB * KIB * KIB),
          Map.entry("t", 1_000_000_000_000L),
          Map.entry("tb", 1_000_000_000_000L),
          Map.entry("ti", KIB * KIB * KIB * KIB),
          Map.entry("tib", KIB * KIB * KIB * KIB),
          Map.entry("p", 1_000_000_000_000_000L),
          Map.entry("pb", 1_000_000_000_000_000L),
          Map.entry("pi", KIB * KIB * KIB * KIB * KIB),
          Map.entry("pib", KIB * KIB * KIB * KIB * KIB),
          Map.entry("e", 1_000_000_000_000_000_000L),
          Map.entry("eb", 1_000_000_000_000_000_000L),
          Map.entry("ei", KIB * KIB * KIB * KIB * KIB * KIB),
          Map.entry("eib", KIB * KIB * KIB * KIB * KIB * KIB));

  private ByteSizes() {}

  /**
   * go-humanize's {@code ParseBytes}, exact (truncated to whole bytes).
   *
   * @throws IllegalArgumentException with go-humanize's messages ({@code unhandled size name: x}, {@code
   *     strconv.ParseFloat: parsing "1.2.3": invalid syntax}, {@code too large: 20EB})
   */
  public static long parseHumanized(String text) {
    int i = 0;
    while (i < text.length()
        && (isDigit(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == ',')) {
      i++;
    }
    String number = text.substring(0, i).replace(",", "");
    String unit = text.substring(i).strip().toLowerCase(Locale.ROOT);
    Long multiplier = HUMANIZE_UNITS.get(unit);
    if (multiplier == null) {
      throw new IllegalArgumentException("unhandled size name: " + unit);
    }
    BigDecimal value;
    try {
      value =
          new BigDecimal(
              number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number : number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "strconv.ParseFloat: parsing \"" + number + "\": invalid syntax", e);
    }
    try {
      return value
          .multiply(BigDecimal.valueOf(multiplier))
          .setScale(0, RoundingMode.DOWN)
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("too large: " + text, e);
    }
  }

  /**
   * A size of Tracemate's configuration: a whole number, optionally followed by {@code K}, {@code M}, {@code G} or
   * {@code T} with an optional {@code i} and {@code B} (all powers of 1024), any case, spaces allowed around.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static long parseBinary(String text) {
    String s = text == null ? "" : text.strip();
    int i = 0;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    String unit = s.substring(i).strip().toLowerCase(Locale.ROOT);
    int shift = -1;
    if (i > 0 && i <= 18) {
      shift =
          switch (unit) {
            case "", "b" -> 0;
            case "k", "kb", "ki", "kib" -> 10;
            case "m", "mb", "mi", "mib" -> 20;
            case "g", "gb", "gi", "gib" -> 30;
            case "t", "tb", "ti", "tib" -> 40;
            default -> -1;
          };
    }
    if (shift < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size: use forms like 1048576, 512KiB, 64MiB, 1GiB");
    }
    try {
      return Math.multiplyExact(Long.parseLong(s.substring(0, i)), 1L << shift);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is too large a size", e);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
