package io.tracemate.logql.engine.template;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.GoRegex;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The functions LogQL templates may call (Loki's list: Go's builtins, Loki's own, and the sprig functions Loki
 * registers). Each takes the evaluated arguments, the piped value last. Immutable.
 */
final class TemplateFunctions {
  /** One template function. */
  interface Function {
    Object call(List<Object> args, GoTemplate.Context context);
  }

  static final Map<String, Function> ALL;

  /** Prometheus' rule template functions: Go's builtins and Prometheus' own ({@link RuleFunctions}). */
  static final Map<String, Function> RULES;

  static {
    Map<String, Function> f = new TreeMap<>();
    // Go builtins (and/or are evaluated lazily by the evaluator; these are the eager fallbacks)
    f.put(
        "and",
        (a, c) -> {
          Object last = null;
          for (Object v : a) {
            last = v;
            if (!Values.truthy(v)) {
              return v;
            }
          }
          return last;
        });
    f.put(
        "or",
        (a, c) -> {
          Object last = null;
          for (Object v : a) {
            last = v;
            if (Values.truthy(v)) {
              return v;
            }
          }
          return last;
        });
    f.put("not", (a, c) -> !Values.truthy(arg(a, 0, 1, "not")));
    f.put(
        "eq",
        (a, c) -> {
          need(a, 2, "eq");
          for (int i = 1; i < a.size(); i++) {
            if (Values.compare(a.get(0), a.get(i), "eq") == 0) {
              return true;
            }
          }
          return false;
        });
    f.put("ne", (a, c) -> Values.compare(arg(a, 0, 2, "ne"), a.get(1), "ne") != 0);
    f.put("lt", (a, c) -> Values.compare(arg(a, 0, 2, "lt"), a.get(1), "lt") < 0);
    f.put("le", (a, c) -> Values.compare(arg(a, 0, 2, "le"), a.get(1), "le") <= 0);
    f.put("gt", (a, c) -> Values.compare(arg(a, 0, 2, "gt"), a.get(1), "gt") > 0);
    f.put("ge", (a, c) -> Values.compare(arg(a, 0, 2, "ge"), a.get(1), "ge") >= 0);
    f.put("len", (a, c) -> (long) str(a, 0, 1, "len").getBytes(StandardCharsets.UTF_8).length);
    f.put(
        "print",
        (a, c) -> {
          StringBuilder out = new StringBuilder();
          for (int i = 0; i < a.size(); i++) {
            boolean spaced =
                i > 0 && !(a.get(i) instanceof String) && !(a.get(i - 1) instanceof String);
            out.append(spaced ? " " : "").append(Values.string(a.get(i)));
            GoTemplate.checkLength(out.length(), c.maxLength());
          }
          return out.toString();
        });
    f.put(
        "printf",
        (a, c) -> GoFormat.sprintf(str(a, 0, 1, "printf"), a.subList(1, a.size()), c.maxLength()));
    // Loki's own
    f.put("__line__", (a, c) -> c.line());
    f.put("__timestamp__", (a, c) -> c.timestamp());
    f.put("ToLower", (a, c) -> str(a, 0, 1, "ToLower").toLowerCase(Locale.ROOT));
    f.put("ToUpper", (a, c) -> str(a, 0, 1, "ToUpper").toUpperCase(Locale.ROOT));
    f.put("Title", (a, c) -> title(str(a, 0, 1, "Title")));
    f.put("TrimSpace", (a, c) -> str(a, 0, 1, "TrimSpace").strip());
    f.put(
        "Replace",
        (a, c) ->
            replace(
                str(a, 0, 4, "Replace"),
                Values.string(a.get(1)),
                Values.string(a.get(2)),
                Values.toLong(a.get(3)),
                c.maxLength()));
    f.put("Trim", (a, c) -> trimCutset(str(a, 0, 2, "Trim"), Values.string(a.get(1)), true, true));
    f.put(
        "TrimLeft",
        (a, c) -> trimCutset(str(a, 0, 2, "TrimLeft"), Values.string(a.get(1)), true, false));
    f.put(
        "TrimRight",
        (a, c) -> trimCutset(str(a, 0, 2, "TrimRight"), Values.string(a.get(1)), false, true));
    f.put("TrimPrefix", (a, c) -> trimPrefix(str(a, 0, 2, "TrimPrefix"), Values.string(a.get(1))));
    f.put("TrimSuffix", (a, c) -> trimSuffix(str(a, 0, 2, "TrimSuffix"), Values.string(a.get(1))));
    f.put(
        "count",
        (a, c) -> {
          String text = Values.string(arg(a, 1, 2, "count"));
          Pattern pattern = regex(str(a, 0, 2, "count"), "count");
          return (long)
              GoRegex.forEachMatch(
                  GoRegex.matcher(pattern, text, c.cancellation()), text, match -> {});
        });
    f.put(
        "unixEpoch", (a, c) -> Values.time(arg(a, 0, 1, "unixEpoch"), "unixEpoch").toEpochSecond());
    f.put(
        "unixEpochMillis",
        (a, c) ->
            Values.time(arg(a, 0, 1, "unixEpochMillis"), "unixEpochMillis")
                .toInstant()
                .toEpochMilli());
    f.put(
        "unixEpochNanos",
        (a, c) -> {
          Instant t = Values.time(arg(a, 0, 1, "unixEpochNanos"), "unixEpochNanos").toInstant();
          return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        });
    f.put("unixToTime", (a, c) -> unixToTime(str(a, 0, 1, "unixToTime")));
    f.put(
        "alignLeft",
        (a, c) ->
            align(
                c.bounded(Values.toLong(arg(a, 0, 2, "alignLeft"))),
                Values.string(a.get(1)),
                true));
    f.put(
        "alignRight",
        (a, c) ->
            align(
                c.bounded(Values.toLong(arg(a, 0, 2, "alignRight"))),
                Values.string(a.get(1)),
                false));
    // sprig
    f.put("lower", (a, c) -> str(a, 0, 1, "lower").toLowerCase(Locale.ROOT));
    f.put("upper", (a, c) -> str(a, 0, 1, "upper").toUpperCase(Locale.ROOT));
    f.put("title", (a, c) -> title(str(a, 0, 1, "title")));
    f.put("trim", (a, c) -> str(a, 0, 1, "trim").strip());
    f.put(
        "trimAll",
        (a, c) ->
            trimCutset(
                Values.string(arg(a, 1, 2, "trimAll")), Values.string(a.get(0)), true, true));
    f.put(
        "trimPrefix",
        (a, c) -> trimPrefix(Values.string(arg(a, 1, 2, "trimPrefix")), Values.string(a.get(0))));
    f.put(
        "trimSuffix",
        (a, c) -> trimSuffix(Values.string(arg(a, 1, 2, "trimSuffix")), Values.string(a.get(0))));
    f.put(
        "contains",
        (a, c) -> Values.string(arg(a, 1, 2, "contains")).contains(Values.string(a.get(0))));
    f.put(
        "hasPrefix",
        (a, c) -> Values.string(arg(a, 1, 2, "hasPrefix")).startsWith(Values.string(a.get(0))));
    f.put(
        "hasSuffix",
        (a, c) -> Values.string(arg(a, 1, 2, "hasSuffix")).endsWith(Values.string(a.get(0))));
    f.put(
        "replace",
        (a, c) ->
            replace(
                Values.string(arg(a, 2, 3, "replace")),
                Values.string(a.get(0)),
                Values.string(a.get(1)),
                -1,
                c.maxLength()));
    f.put(
        "repeat",
        (a, c) -> {
          String s = Values.string(arg(a, 1, 2, "repeat"));
          long count = Math.max(0, Values.toLong(a.get(0)));
          c.bounded(
              s.isEmpty() || count == 0
                  ? 0
                  : count > Integer.MAX_VALUE / s.length() ? Long.MAX_VALUE : count * s.length());
          return s.repeat((int) count);
        });
    f.put("trunc", (a, c) -> trunc(Values.toLong(arg(a, 0, 2, "trunc")), Values.string(a.get(1))));
    f.put(
        "substr",
        (a, c) ->
            substr(
                Values.toLong(arg(a, 0, 3, "substr")),
                Values.toLong(a.get(1)),
                Values.string(a.get(2))));
    f.put(
        "indent",
        (a, c) -> indent(Values.toLong(arg(a, 0, 2, "indent")), Values.string(a.get(1)), c));
    f.put(
        "nindent",
        (a, c) ->
            "\n" + indent(Values.toLong(arg(a, 0, 2, "nindent")), Values.string(a.get(1)), c));
    f.put(
        "regexReplaceAll",
        (a, c) ->
            replaceAll(
                regex(str(a, 0, 3, "regexReplaceAll"), "regexReplaceAll"),
                Values.string(a.get(1)),
                Values.string(a.get(2)),
                false,
                c));
    f.put(
        "regexReplaceAllLiteral",
        (a, c) ->
            replaceAll(
                regex(str(a, 0, 3, "regexReplaceAllLiteral"), "regexReplaceAllLiteral"),
                Values.string(a.get(1)),
                Values.string(a.get(2)),
                true,
                c));
    f.put(
        "default",
        (a, c) -> {
          Object given = a.size() > 1 ? a.get(1) : null;
          return Values.truthy(given) ? given : arg(a, 0, 1, "default");
        });
    f.put(
        "urlencode",
        (a, c) -> URLEncoder.encode(str(a, 0, 1, "urlencode"), StandardCharsets.UTF_8));
    f.put(
        "urldecode",
        (a, c) -> {
          try {
            return URLDecoder.decode(str(a, 0, 1, "urldecode"), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            throw new GoTemplate.ExecutionException("error calling urldecode: " + e.getMessage());
          }
        });
    f.put(
        "b64enc",
        (a, c) ->
            Base64.getEncoder()
                .encodeToString(str(a, 0, 1, "b64enc").getBytes(StandardCharsets.UTF_8)));
    f.put(
        "b64dec",
        (a, c) -> {
          try {
            return new String(
                Base64.getDecoder().decode(str(a, 0, 1, "b64dec")), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
    f.put("now", (a, c) -> ZonedDateTime.now(ZoneOffset.UTC));
    f.put(
        "date",
        (a, c) ->
            GoTime.format(Values.time(arg(a, 1, 2, "date"), "date"), Values.string(a.get(0))));
    f.put(
        "toDate",
        (a, c) -> {
          try {
            return GoTime.parse(str(a, 0, 2, "toDate"), Values.string(a.get(1)));
          } catch (IllegalArgumentException e) {
            // sprig's toDate ignores the error and returns the zero time
            return ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
          }
        });
    f.put(
        "add",
        (a, c) -> {
          long sum = 0;
          for (Object v : a) {
            sum += Values.toLong(v);
          }
          return sum;
        });
    f.put("sub", (a, c) -> Values.toLong(arg(a, 0, 2, "sub")) - Values.toLong(a.get(1)));
    f.put(
        "mul",
        (a, c) -> {
          long product = 1;
          for (Object v : a) {
            product *= Values.toLong(v);
          }
          return product;
        });
    f.put(
        "div",
        (a, c) -> {
          long divisor = Values.toLong(arg(a, 1, 2, "div"));
          if (divisor == 0) {
            throw new GoTemplate.ExecutionException(
                "error calling div: runtime error: integer divide by zero");
          }
          return Values.toLong(a.get(0)) / divisor;
        });
    f.put(
        "mod",
        (a, c) -> {
          long divisor = Values.toLong(arg(a, 1, 2, "mod"));
          if (divisor == 0) {
            throw new GoTemplate.ExecutionException(
                "error calling mod: runtime error: integer divide by zero");
          }
          return Values.toLong(a.get(0)) % divisor;
        });
    f.put(
        "max",
        (a, c) -> {
          long max = Values.toLong(arg(a, 0, 1, "max"));
          for (Object v : a) {
            max = Math.max(max, Values.toLong(v));
          }
          return max;
        });
    f.put(
        "min",
        (a, c) -> {
          long min = Values.toLong(arg(a, 0, 1, "min"));
          for (Object v : a) {
            min = Math.min(min, Values.toLong(v));
          }
          return min;
        });
    f.put("addf", (a, c) -> a.stream().mapToDouble(Values::toDouble).sum());
    f.put(
        "subf",
        (a, c) -> {
          double result = Values.toDouble(arg(a, 0, 1, "subf"));
          for (Object v : a.subList(1, a.size())) {
            result -= Values.toDouble(v);
          }
          return result;
        });
    f.put("mulf", (a, c) -> a.stream().mapToDouble(Values::toDouble).reduce(1, (x, y) -> x * y));
    f.put(
        "divf",
        (a, c) -> {
          double result = Values.toDouble(arg(a, 0, 1, "divf"));
          for (Object v : a.subList(1, a.size())) {
            result /= Values.toDouble(v);
          }
          return result;
        });
    f.put("maxf", (a, c) -> a.stream().mapToDouble(Values::toDouble).max().orElse(0));
    f.put("minf", (a, c) -> a.stream().mapToDouble(Values::toDouble).min().orElse(0));
    f.put("ceil", (a, c) -> Math.ceil(Values.toDouble(arg(a, 0, 1, "ceil"))));
    f.put("floor", (a, c) -> Math.floor(Values.toDouble(arg(a, 0, 1, "floor"))));
    f.put(
        "round",
        (a, c) -> {
          double value = Values.toDouble(arg(a, 0, 2, "round"));
          double scale = Math.pow(10, Values.toLong(a.get(1)));
          return Math.round(value * scale) / scale;
        });
    f.put("int", (a, c) -> Values.toLong(arg(a, 0, 1, "int")));
    f.put("int64", (a, c) -> Values.toLong(arg(a, 0, 1, "int64")));
    f.put("float64", (a, c) -> Values.toDouble(arg(a, 0, 1, "float64")));
    f.put("toString", (a, c) -> Values.string(arg(a, 0, 1, "toString")));
    ALL = Map.copyOf(f);

    Map<String, Function> rules = new TreeMap<>();
    for (String builtin :
        List.of("and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "print", "printf")) {
      rules.put(builtin, f.get(builtin));
    }
    rules.put("title", (a, c) -> title(str(a, 0, 1, "title")));
    rules.put("toUpper", (a, c) -> str(a, 0, 1, "toUpper").toUpperCase(Locale.ROOT));
    rules.put("toLower", (a, c) -> str(a, 0, 1, "toLower").toLowerCase(Locale.ROOT));
    rules.put("safeHtml", (a, c) -> str(a, 0, 1, "safeHtml"));
    rules.put(
        "match",
        (a, c) -> {
          Pattern pattern = regex(str(a, 0, 2, "match"), "match");
          String text = Values.string(a.get(1));
          return GoRegex.matcher(pattern, text, c.cancellation()).find();
        });
    // Prometheus' argument order: pattern, replacement, text.
    rules.put(
        "reReplaceAll",
        (a, c) ->
            replaceAll(
                regex(str(a, 0, 3, "reReplaceAll"), "reReplaceAll"),
                Values.string(a.get(2)),
                Values.string(a.get(1)),
                false,
                c));
    RuleFunctions.addTo(rules);
    RULES = Map.copyOf(rules);
  }

  private TemplateFunctions() {}

  private static void need(List<Object> args, int count, String name) {
    if (args.size() < count) {
      throw new GoTemplate.ExecutionException(
          "wrong number of args for " + name + ": want " + count + " got " + args.size());
    }
  }

  private static Object arg(List<Object> args, int index, int count, String name) {
    need(args, count, name);
    return args.get(index);
  }

  private static String str(List<Object> args, int index, int count, String name) {
    return Values.string(arg(args, index, count, name));
  }

  private static Pattern regex(String regex, String function) {
    try {
      return GoRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new GoTemplate.ExecutionException("error calling " + function + ": " + e.getMessage());
    }
  }

  /** Go's strings.Title: upper-cases the first letter of each word. */
  private static String title(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean start = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(start ? Character.toTitleCase(c) : c);
      start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
    }
    return out.toString();
  }

  /** Go's strings.Replace (n &lt; 0: all), stopping as soon as the result outgrows {@code maxLength}. */
  private static String replace(String s, String old, String replacement, long n, int maxLength) {
    if (old.isEmpty()) {
      // Go inserts the replacement before every character and at the end; sprig's replace does the
      // same
      long inserts = n < 0 ? s.length() + 1L : Math.min(n, s.length() + 1L);
      GoTemplate.checkLength(s.length() + inserts * replacement.length(), maxLength);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i <= s.length(); i++) {
        if (i < inserts) {
          out.append(replacement);
        }
        if (i < s.length()) {
          out.append(s.charAt(i));
        }
      }
      return out.toString();
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (long done = 0; n < 0 || done < n; done++) {
      int at = s.indexOf(old, from);
      if (at < 0) {
        break;
      }
      out.append(s, from, at).append(replacement);
      GoTemplate.checkLength(out.length(), maxLength);
      from = at + old.length();
    }
    out.append(s, from, s.length());
    GoTemplate.checkLength(out.length(), maxLength);
    return out.toString();
  }

  /** Go's ReplaceAllString (or ReplaceAllLiteralString), stopping as soon as the result outgrows the limit. */
  private static String replaceAll(
      Pattern pattern, String s, String replacement, boolean literal, GoTemplate.Context context) {
    return GoRegex.replaceAll(
        pattern,
        s,
        replacement,
        literal,
        context.cancellation(),
        length -> GoTemplate.checkLength(length, context.maxLength()));
  }

  private static String trimCutset(String s, String cutset, boolean left, boolean right) {
    int start = 0;
    int end = s.length();
    while (left && start < end && cutset.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (right && end > start && cutset.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }

  private static String trimPrefix(String s, String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  private static String trimSuffix(String s, String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  /** sprig's trunc: the first n characters, or the last -n when negative. */
  private static String trunc(long n, String s) {
    if (n < 0 && -n < s.length()) {
      return s.substring(s.length() + (int) n);
    }
    if (n >= 0 && n < s.length()) {
      return s.substring(0, (int) n);
    }
    return s;
  }

  /** sprig's substr(start, end, s). */
  private static String substr(long start, long end, String s) {
    if (start < 0) {
      return s.substring(0, (int) Math.min(Math.max(end, 0), s.length()));
    }
    if (end < 0 || end > s.length()) {
      return start > s.length() ? "" : s.substring((int) start);
    }
    return start > end ? "" : s.substring((int) start, (int) end);
  }

  private static String indent(long spaces, String s, GoTemplate.Context context) {
    int width = context.bounded(Math.max(0, spaces));
    long lines = 1 + s.chars().filter(ch -> ch == '\n').count();
    context.bounded(s.length() + lines * width + 1);
    String pad = " ".repeat(width);
    return pad + s.replace("\n", "\n" + pad);
  }

  /** Loki's alignLeft/alignRight: pad or cut to exactly n characters. */
  private static String align(int n, String s, boolean left) {
    int width = Math.max(0, n);
    if (s.length() >= width) {
      return left ? s.substring(0, width) : s.substring(s.length() - width);
    }
    String pad = " ".repeat(width - s.length());
    return left ? s + pad : pad + s;
  }

  /** Loki's unixToTime: epoch in seconds, milliseconds, microseconds or nanoseconds, told by the digit count. */
  private static ZonedDateTime unixToTime(String epoch) {
    long value;
    try {
      value = Long.parseLong(epoch.trim());
    } catch (NumberFormatException e) {
      throw new GoTemplate.ExecutionException(
          "error calling unixToTime: unable to parse epoch \"" + epoch + "\"");
    }
    int digits = epoch.trim().replace("-", "").length();
    Instant instant =
        switch (digits) {
          case 19 -> Instant.ofEpochSecond(0, value);
          case 16 -> Instant.ofEpochSecond(0, value * 1_000);
          case 13 -> Instant.ofEpochMilli(value);
          default -> {
            if (digits <= 10) {
              yield Instant.ofEpochSecond(value);
            }
            throw new GoTemplate.ExecutionException(
                "error calling unixToTime: unable to parse epoch \""
                    + epoch
                    + "\": length must be 10 (s), 13 (ms), 16 (us) or 19 (ns)");
          }
        };
    return instant.atZone(ZoneOffset.UTC);
  }
}
