package io.tracemate.logql.engine.template;

import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/** Go's default printing of template values ({@code %v}) and a subset of {@code fmt.Sprintf}. Stateless. */
final class GoFormat {
  private GoFormat() {}

  /** How text/template prints a value. */
  static String print(Object value) {
    return switch (value) {
      case null -> "<no value>";
      case String s -> s;
      case Long l -> l.toString();
      case Integer i -> i.toString();
      case Double d -> formatFloat(d);
      case Boolean b -> b.toString();
      case ZonedDateTime t -> GoTime.format(t, "2006-01-02 15:04:05.999999999 -0700 MST");
      case java.util.Map<?, ?> m -> {
        StringBuilder out = new StringBuilder("map[");
        boolean first = true;
        for (var e : new java.util.TreeMap<>(m).entrySet()) {
          out.append(first ? "" : " ").append(e.getKey()).append(':').append(print(e.getValue()));
          first = false;
        }
        yield out.append(']').toString();
      }
      default -> value.toString();
    };
  }

  /** strconv.FormatFloat(f, 'g', -1, 64), what %v prints: shortest digits, exponent form below 1e-4 and from 1e6. */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    int digits = shortest.precision();
    int exponent = digits - shortest.scale() - 1;
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 6) {
      String mantissa = shortest.unscaledValue().toString();
      String m =
          mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
      String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
      return sign + m + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    return sign + shortest.toPlainString();
  }

  /**
   * Go's {@code %.<precision>g}: the value rounded (half to even, on its exact binary value, as strconv does) to
   * that many significant digits, in exponent form when the exponent is below -4 or at least the precision, without
   * trailing zeros. Java's {@code %g} differs in all three.
   */
  static String formatG(double value, int precision) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    int digits = Math.max(precision, 1);
    if (value == 0) {
      return (1 / value < 0) ? "-0" : "0";
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(value))
            .round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
    int exponent = rounded.precision() - rounded.scale() - 1;
    String sign = value < 0 ? "-" : "";
    BigDecimal stripped = rounded.stripTrailingZeros();
    if (exponent < -4 || exponent >= digits) {
      String mantissa = stripped.unscaledValue().toString();
      String m =
          mantissa.length() == 1 ? mantissa : mantissa.charAt(0) + "." + mantissa.substring(1);
      String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
      return sign + m + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    return sign + stripped.toPlainString();
  }

  /** fmt.Sprintf for the verbs %s %v %d %f %e %g %q %x %X %t %c %% with flags '-', '0', '+', width, precision. */
  static String sprintf(String format, List<Object> args, int maxLength) {
    StringBuilder out = new StringBuilder();
    int argIndex = 0;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      boolean left = false;
      boolean zero = false;
      boolean plus = false;
      while (i < format.length() && "-0+ #".indexOf(format.charAt(i)) >= 0) {
        switch (format.charAt(i)) {
          case '-' -> left = true;
          case '0' -> zero = true;
          case '+' -> plus = true;
          default -> {}
        }
        i++;
      }
      int width = -1;
      int start = i;
      while (i < format.length() && Character.isDigit(format.charAt(i))) {
        i++;
      }
      if (i > start) {
        width = boundedInt(format.substring(start, i), maxLength);
      }
      int precision = -1;
      if (i < format.length() && format.charAt(i) == '.') {
        i++;
        start = i;
        while (i < format.length() && Character.isDigit(format.charAt(i))) {
          i++;
        }
        precision = i > start ? boundedInt(format.substring(start, i), maxLength) : 0;
      }
      if (i >= format.length()) {
        out.append("%!(NOVERB)");
        break;
      }
      char verb = format.charAt(i++);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (argIndex >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object arg = args.get(argIndex++);
      String text =
          switch (verb) {
            case 'v', 's' -> {
              String s = print(arg);
              yield precision >= 0 && verb == 's' && s.length() > precision
                  ? s.substring(0, precision)
                  : s;
            }
            case 'd' ->
                arg instanceof Long || arg instanceof Integer
                    ? (plus && ((Number) arg).longValue() >= 0 ? "+" : "") + arg
                    : "%!d(" + typeName(arg) + "=" + print(arg) + ")";
            case 'f', 'F', 'e', 'g' ->
                arg instanceof Number n
                    ? floatVerb(verb, n.doubleValue(), precision, plus)
                    : "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
            case 'q' -> quote(print(arg));
            case 'x', 'X' -> {
              String hex;
              if (arg instanceof Long || arg instanceof Integer) {
                hex = Long.toHexString(((Number) arg).longValue());
              } else {
                StringBuilder h = new StringBuilder();
                for (byte b : print(arg).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                  h.append(String.format(Locale.ROOT, "%02x", b));
                }
                hex = h.toString();
              }
              yield verb == 'X' ? hex.toUpperCase(Locale.ROOT) : hex;
            }
            case 't' ->
                arg instanceof Boolean
                    ? arg.toString()
                    : "%!t(" + typeName(arg) + "=" + print(arg) + ")";
            case 'c' ->
                arg instanceof Number n
                    ? new String(Character.toChars(n.intValue()))
                    : "%!c(" + print(arg) + ")";
            default -> "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
          };
      if (width > text.length()) {
        String pad =
            (zero && !left && "dfFeg".indexOf(verb) >= 0 ? "0" : " ").repeat(width - text.length());
        if (left) {
          text = text + pad;
        } else if (pad.startsWith("0") && (text.startsWith("-") || text.startsWith("+"))) {
          text = text.charAt(0) + pad + text.substring(1);
        } else {
          text = pad + text;
        }
      }
      out.append(text);
      GoTemplate.checkLength(out.length(), maxLength);
    }
    if (argIndex < args.size()) {
      out.append("%!(EXTRA ");
      for (int a = argIndex; a < args.size(); a++) {
        out.append(a > argIndex ? ", " : "")
            .append(typeName(args.get(a)))
            .append('=')
            .append(print(args.get(a)));
      }
      out.append(')');
    }
    return out.toString();
  }

  private static String floatVerb(char verb, double value, int precision, boolean plus) {
    String sign = plus && value >= 0 ? "+" : "";
    return sign
        + switch (verb) {
          case 'e' ->
              String.format(
                  Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "e", value); // e+05, as Go
          case 'g' -> precision < 0 ? formatFloat(value) : formatG(value, precision);
          default ->
              String.format(Locale.ROOT, "%." + (precision < 0 ? 6 : precision) + "f", value);
        };
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  static String typeName(Object value) {
    return switch (value) {
      case null -> "<nil>";
      case String s -> "string";
      case Long l -> "int64";
      case Integer i -> "int";
      case Double d -> "float64";
      case Boolean b -> "bool";
      case ZonedDateTime t -> "time.Time";
      default -> value.getClass().getSimpleName();
    };
  }

  /** A width or precision: one beyond the longest value a template may build is refused before padding to it. */
  private static int boundedInt(String digits, int maxLength) {
    if (digits.length() > 9 || Integer.parseInt(digits) > maxLength) {
      throw GoTemplate.tooLong(maxLength);
    }
    return Integer.parseInt(digits);
  }
}
