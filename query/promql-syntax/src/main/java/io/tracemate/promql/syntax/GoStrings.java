package io.tracemate.promql.syntax;

/**
 * Go's string quoting, as Prometheus prints and reads PromQL strings ({@code strconv.Quote}, {@code Unquote}).
 * Stateless.
 */
public final class GoStrings {
  private GoStrings() {}

  /**
   * Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest digits that read back as the same double, never
   * an exponent ({@code 0.0000002}, {@code 12340000}), {@code +Inf}, {@code -Inf}, {@code NaN}, {@code -0}.
   */
  public static String formatFloat(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return Double.doubleToRawLongBits(value) < 0 ? "-0" : "0";
    }
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  /** Go's {@code strconv.FormatFloat(v, 'e', -1, 64)}: shortest digits with an exponent, e.g. {@code 1.5e-07}. */
  public static String formatFloatExponent(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
      return value == 0
          ? (Double.doubleToRawLongBits(value) < 0 ? "-0e+00" : "0e+00")
          : formatFloat(value);
    }
    java.math.BigDecimal decimal =
        new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros();
    String digits = decimal.unscaledValue().abs().toString();
    int exponent = digits.length() - decimal.scale() - 1;
    StringBuilder out = new StringBuilder();
    if (value < 0) {
      out.append('-');
    }
    out.append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    return out.append(abs).toString();
  }

  /** {@code strconv.Quote}: double quotes, Go escapes for quotes, backslashes and non-printable characters. */
  public static String goQuote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (printable(c)) {
            out.appendCodePoint(c);
          } else if (c < 0x80) {
            out.append(String.format("\\x%02x", c));
          } else if (c < 0x10000) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.append(String.format("\\U%08x", c));
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean printable(int c) {
    if (c < 0x20 || c == 0x7f) {
      return false;
    }
    int type = Character.getType(c);
    return type != Character.CONTROL
        && type != Character.UNASSIGNED
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || c == ' ');
  }

  /**
   * Decodes a quoted PromQL string: {@code "..."} and {@code '...'} with Go escapes (the other quote needs no
   * escape), or a raw {@code `...`} string. The lexer has already found the closing quote. As in Go, {@code \x} and
   * octal escapes are bytes of the UTF-8 text ({@code "\xc3\xa9"} is "é"); bytes that do not form valid UTF-8
   * become U+FFFD, which {@link #isValidLabelName} refuses, as Prometheus refuses names that are not UTF-8.
   *
   * @throws IllegalArgumentException naming the bad escape
   */
  static String unquote(String quoted) {
    char quote = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    if (quote == '`') {
      return body;
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c != '\\') {
        int end = i + 1;
        while (end < body.length() && body.charAt(end) != '\\') {
          end++;
        }
        out.writeBytes(body.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        i = end - 1;
        continue;
      }
      if (++i >= body.length()) {
        throw new IllegalArgumentException("escape sequence not terminated");
      }
      char e = body.charAt(i);
      switch (e) {
        case 'a' -> out.write(0x07);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0b);
        case '\\' -> out.write('\\');
        case 'x', 'u', 'U', '0', '1', '2', '3', '4', '5', '6', '7' ->
            i = numericEscape(body, i, out);
        default -> {
          if (e == quote) {
            out.write(e);
          } else {
            throw new IllegalArgumentException("unknown escape sequence " + unicodeName(e));
          }
        }
      }
    }
    return new String(out.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Whether a label name is acceptable: not empty and valid UTF-8 (no U+FFFD from undecodable bytes). */
  public static boolean isValidLabelName(String name) {
    return !name.isEmpty() && name.indexOf('\uFFFD') < 0;
  }

  /** Decodes {@code \x41}, {@code \101}, {@code \u00e9}, {@code \U0001F600}; returns the index of its last char. */
  private static int numericEscape(String body, int at, java.io.ByteArrayOutputStream out) {
    char kind = body.charAt(at);
    int digits;
    int base;
    int start;
    long max;
    switch (kind) {
      case 'x' -> {
        digits = 2;
        base = 16;
        start = at + 1;
        max = 255;
      }
      case 'u' -> {
        digits = 4;
        base = 16;
        start = at + 1;
        max = Character.MAX_CODE_POINT;
      }
      case 'U' -> {
        digits = 8;
        base = 16;
        start = at + 1;
        max = Character.MAX_CODE_POINT;
      }
      default -> {
        digits = 3;
        base = 8;
        start = at;
        max = 255;
      }
    }
    if (start + digits > body.length()) {
      throw new IllegalArgumentException("escape sequence not terminated");
    }
    long value = 0;
    for (int i = start; i < start + digits; i++) {
      int d = Character.digit(body.charAt(i), base);
      if (d < 0) {
        throw new IllegalArgumentException(
            "illegal character " + unicodeName(body.charAt(i)) + " in escape sequence");
      }
      value = value * base + d;
    }
    if (value > max || (value >= 0xD800 && value < 0xE000)) {
      throw new IllegalArgumentException("escape sequence is an invalid Unicode code point");
    }
    if (kind == 'x' || base == 8) {
      out.write((int) value);
    } else {
      out.writeBytes(
          new String(Character.toChars((int) value))
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return start + digits - 1;
  }

  private static String unicodeName(char c) {
    return String.format("U+%04X '%c'", (int) c, c);
  }
}
