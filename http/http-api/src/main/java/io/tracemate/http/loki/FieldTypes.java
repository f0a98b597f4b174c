package io.tracemate.http.loki;

import io.tracemate.common.units.GoDuration;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The types Loki's detected-fields API gives a value ({@code int}, {@code float}, {@code boolean},
 * {@code duration}, {@code bytes}, {@code string}), tried in Loki's order with the parsers it uses: Go's
 * {@code strconv.ParseInt}, {@code ParseFloat}, {@code ParseBool}, {@code time.ParseDuration} and go-humanize's
 * {@code ParseBytes}; and go-humanize's {@code Bytes} printing, which Loki applies to byte values it lists.
 * Stateless and thread-safe.
 */
final class FieldTypes {
  static final String INT = "int";
  static final String FLOAT = "float";
  static final String BOOLEAN = "boolean";
  static final String DURATION = "duration";
  static final String BYTES = "bytes";
  static final String STRING = "string";

  private static final Pattern GO_INT = Pattern.compile("[+-]?\\d+");
  private static final Pattern GO_DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern GO_INF_NAN = Pattern.compile("[+-]?(?i:inf|infinity)|(?i:nan)");
  private static final List<String> GO_BOOLS =
      List.of("1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False");

  /** go-humanize's unit table (lower case), in bytes. */
  private static final Map<String, Double> BYTE_UNITS =
      Map.ofEntries(
          Map.entry("", 1d),
          Map.entry("b", 1d),
          Map.entry("k", 1e3),
          Map.entry("kb", 1e3),
          Map.entry("ki", 1024d),
          Map.entry("kib", 1024d),
          Map.entry("m", 1e6),
          Map.entry("mb", 1e6),
          Map.entry("mi", 1048576d),
          Map.entry("mib", 1048576d),
          Map.entry("g", 1e9),
          Map.entry("gb", 1e9),
          Map.entry("gi", 1073741824d),
          Map.entry("gib", 1073741824d),
          Map.entry("t", 1e12),
          Map.entry("tb", 1e12),
          Map.entry("ti", Math.pow(1024, 4)),
          Map.entry("tib", Math.pow(1024, 4)),
          Map.entry("p", 1e15),
          Map.entry("pb", 1e15),
          Map.entry("pi", Math.pow(1024, 5)),
          Map.entry("pib", Math.pow(1024, 5)),
          Map.entry("e", 1e18),
          Map.entry("eb", 1e18),
          Map.entry("ei", Math.pow(1024, 6)),
          Map.entry("eib", Math.pow(1024, 6)));

  /** The unit endings after which Loki rewrites a listed byte value in go-humanize's form. */
  private static final List<String> LISTED_BYTE_UNITS =
      List.of(
          "b", "kib", "kb", "mib", "mb", "gib", "gb", "tib", "tb", "pib", "pb", "eib", "eb", "ki",
          "k", "mi", "m", "gi", "g", "ti", "t", "pi", "p", "ei", "e");

  private static final String[] SI_SIZES = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

  private FieldTypes() {}

  /** Loki's {@code determineType}. */
  static String of(String value) {
    if (GO_INT.matcher(value).matches() && fitsLong(value)) {
      return INT;
    }
    if (isGoFloat(value)) {
      return FLOAT;
    }
    if (GO_BOOLS.contains(value)) {
      return BOOLEAN;
    }
    if (isGoDuration(value)) {
      return DURATION;
    }
    if (parseBytes(value) >= 0) {
      return BYTES;
    }
    return STRING;
  }

  /**
   * The type of a field seen with several values: the common type, {@code float} for a mix of {@code int} and
   * {@code float}, otherwise {@code string}.
   */
  static String widen(String seen, String next) {
    if (seen == null || seen.equals(next)) {
      return next;
    }
    if ((seen.equals(INT) && next.equals(FLOAT)) || (seen.equals(FLOAT) && next.equals(INT))) {
      return FLOAT;
    }
    return STRING;
  }

  /**
   * A value as Loki lists it among a field's values: byte sizes with a unit rewritten as go-humanize prints them
   * without the space ({@code 1536KiB} → {@code 1.6MB}), so they can go straight into a query; others as they are.
   */
  static String listed(String value) {
    long bytes = parseBytes(value);
    String lower = value.toLowerCase(Locale.ROOT);
    if (bytes >= 0 && LISTED_BYTE_UNITS.stream().anyMatch(lower::endsWith)) {
      return humanizeBytes(bytes).replaceFirst(" ", "");
    }
    return value;
  }

  /** go-humanize's {@code ParseBytes}: digits (with '.' and ','), optional space, a unit; -1 when not bytes. */
  static long parseBytes(String value) {
    int digits = 0;
    boolean comma = false;
    while (digits < value.length()) {
      char c = value.charAt(digits);
      if (!(Character.isDigit(c) || c == '.' || c == ',')) {
        break;
      }
      comma |= c == ',';
      digits++;
    }
    String number =
        comma ? value.substring(0, digits).replace(",", "") : value.substring(0, digits);
    if (!isGoFloat(number)) {
      return -1;
    }
    Double unit = BYTE_UNITS.get(value.substring(digits).strip().toLowerCase(Locale.ROOT));
    if (unit == null) {
      return -1;
    }
    double bytes = Double.parseDouble(number) * unit;
    return bytes >= 0x1p64 || Double.isNaN(bytes) || Double.isInfinite(bytes)
        ? -1
        : (long) Math.min(bytes, Long.MAX_VALUE);
  }

  /** go-humanize's {@code Bytes}: SI units, one decimal below 10 ({@code 82 kB}, {@code 1.6 MB}). */
  static String humanizeBytes(long bytes) {
    if (bytes < 10) {
      return bytes + " B";
    }
    int exponent = (int) Math.floor(Math.log(bytes) / Math.log(1000));
    double value = Math.floor(bytes / Math.pow(1000, exponent) * 10 + 0.5) / 10;
    String digits =
        value < 10
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.0f", value);
    return digits + " " + SI_SIZES[exponent];
  }

  private static boolean isGoFloat(String value) {
    if (GO_INF_NAN.matcher(value).matches()) {
      return true;
    }
    if (!GO_DECIMAL.matcher(value).matches()) {
      return false;
    }
    return Double.isFinite(Double.parseDouble(value));
  }

  private static boolean isGoDuration(String value) {
    try {
      GoDuration.parseNanos(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean fitsLong(String value) {
    try {
      new BigDecimal(value).longValueExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }
}
