package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles LogQL's RE2 regular expressions with java.util.regex. RE2 is (nearly) a subset of Java's syntax; the
 * differences users hit are translated: {@code (?P<name>...)} named groups (Java group names allow neither
 * underscores nor the P form, so every named group gets a generated Java name and the LogQL name is kept aside),
 * and POSIX classes {@code [[:alpha:]]}. Java's backtracking engine can be slower than RE2 on pathological
 * patterns; lookarounds and backreferences, which RE2 rejects, are accepted.
 *
 * @param pattern the compiled pattern
 * @param groupNames LogQL names of the named groups, in group order; Java's name for group i is {@code g<i>}
 */
public record Re2(Pattern pattern, List<String> groupNames) {
  private static final Map<String, String> POSIX_CLASSES = Map.ofEntries(
      Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\d"), Map.entry("alnum", "\\p{Alnum}"),
      Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"),
      Map.entry("punct", "\\p{Punct}"), Map.entry("xdigit", "\\p{XDigit}"), Map.entry("word", "\\w"),
      Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("print", "\\p{Print}"),
      Map.entry("graph", "\\p{Graph}"), Map.entry("ascii", "\\p{ASCII}"));

  /** @throws QueryEvaluationException naming {@code what} and the regex when it does not compile */
  public static Re2 compile(String regex, String what) {
    List<String> names = new ArrayList<>();
    String java = translate(regex, names);
    try {
      return new Re2(Pattern.compile(java), List.copyOf(names));
    } catch (PatternSyntaxException e) {
      throw new QueryEvaluationException("invalid regex in " + what + ": " + e.getDescription() + " in \""
          + regex + "\"", e);
    }
  }

  /** The Java form of an RE2 regex (named groups renamed g0, g1, ... in order, their names added to names). */
  public static String translate(String regex, List<String> names) {
    StringBuilder out = new StringBuilder(regex.length() + 8);
    boolean inClass = false;
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        out.append(c).append(regex.charAt(i + 1));
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == '[' && regex.startsWith("[:", i)) {
          int end = regex.indexOf(":]", i + 2);
          if (end > 0) {
            String name = regex.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String javaClass = POSIX_CLASSES.get(negated ? name.substring(1) : name);
            if (javaClass != null) {
              out.append(negated ? "&&[^" + javaClass + "]" : javaClass);
              i = end + 2;
              continue;
            }
          }
        }
        if (c == ']') {
          inClass = false;
        }
        out.append(c);
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        i++;
        // a ']' right after '[' or '[^' is a literal in both dialects
        if (i < regex.length() && regex.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
          out.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && (regex.startsWith("(?P<", i) || (regex.startsWith("(?<", i) && !regex.startsWith("(?<=", i)
          && !regex.startsWith("(?<!", i)))) {
        int nameStart = regex.indexOf('<', i) + 1;
        int nameEnd = regex.indexOf('>', nameStart);
        if (nameEnd > nameStart) {
          out.append("(?<g").append(names.size()).append('>');
          names.add(regex.substring(nameStart, nameEnd));
          i = nameEnd + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Java's name of the i-th named group. */
  public static String javaGroupName(int index) {
    return "g" + index;
  }
}
