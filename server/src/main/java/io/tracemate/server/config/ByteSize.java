package io.tracemate.server.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as operators write them: {@code 64MiB}, {@code 512KB}, {@code 1048576}. KB/MB/GB are powers of 1024. */
public final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);

  private ByteSize() {}

  /** @throws IllegalArgumentException saying which forms are accepted */
  public static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size: use forms like 1048576, 512KiB, 64MiB, 1GiB");
    }
    long amount = Long.parseLong(matcher.group(1));
    String unit = matcher.group(2) == null ? "" : matcher.group(2).toLowerCase(Locale.ROOT);
    int shift = unit.isEmpty() ? 0 : switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    return Math.multiplyExact(amount, 1L << shift);
  }
}
