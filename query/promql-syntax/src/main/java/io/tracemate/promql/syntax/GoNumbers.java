package io.tracemate.promql.syntax;

import java.math.BigInteger;

/**
 * Number literals as Prometheus reads them: the lexer's {@code scanNumber} (decimal, {@code 0x} hexadecimal,
 * exponents, {@code _} between digits), then Go's {@code strconv.ParseInt(s, 0, 64)} falling back to
 * {@code ParseFloat}, so {@code 0x1F}, {@code 0o17}, {@code 017} (octal, as in Go), {@code 1_000}, {@code 1e3},
 * {@code .5} and {@code 2.} are numbers. Stateless.
 */
final class GoNumbers {
  private GoNumbers() {}

  /** End of the number starting at {@code start} (== start when there is none), as Prometheus' scanNumber. */
  static int scanNumber(String s, int start) {
    int i = start;
    String digits = "0123456789";
    if (i + 1 < s.length()
        && s.charAt(i) == '0'
        && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
      i += 2;
      if (i < s.length() && s.charAt(i) == '_') {
        i++;
      }
      digits = "0123456789abcdefABCDEF";
    }
    boolean dot = false;
    boolean exponent = false;
    boolean hex = digits.length() > 10;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (digits.indexOf(c) >= 0) {
        i++;
      } else if (c == '.') {
        if (dot || exponent || hex) {
          return start;
        }
        dot = true;
        i++;
        if (i < s.length() && (s.charAt(i) == '_' || s.charAt(i) == '.')) {
          return start;
        }
      } else if (!hex && (c == 'e' || c == 'E')) {
        if (exponent) {
          return start;
        }
        exponent = true;
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (i >= s.length() || "._eE".indexOf(s.charAt(i)) >= 0) {
          return start;
        }
      } else if (c == '_') {
        i++;
        if (i >= s.length() || "._eE".indexOf(s.charAt(i)) >= 0) {
          return start;
        }
      } else {
        break;
      }
    }
    return i;
  }

  /** The value of a scanned number, or null when Go would not parse it. */
  static Double parse(String text) {
    String s = text;
    if (s.indexOf('_') >= 0) {
      if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
        return null;
      }
      s = s.replace("_", "");
    }
    try {
      if (s.length() > 1 && s.charAt(0) == '0') {
        char kind = Character.toLowerCase(s.charAt(1));
        if (kind == 'x') {
          return integer(s.substring(2), 16);
        }
        if (kind == 'o') {
          return integer(s.substring(2), 8);
        }
        if (kind == 'b') {
          return integer(s.substring(2), 2);
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '7')) {
          return integer(s.substring(1), 8);
        }
      }
      if (s.chars().allMatch(Character::isDigit)) {
        return integer(s, 10);
      }
      if (s.endsWith(".")) {
        s = s + "0";
      }
      if (s.startsWith(".")) {
        s = "0" + s;
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** An integer literal; beyond int64 Go's ParseInt fails and ParseFloat reads the decimal text instead. */
  private static Double integer(String digits, int radix) {
    BigInteger value = new BigInteger(digits, radix);
    if (value.bitLength() < 64 || radix == 10) {
      return value.doubleValue();
    }
    throw new NumberFormatException("out of range");
  }
}
