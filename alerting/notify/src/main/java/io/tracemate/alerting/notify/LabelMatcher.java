package io.tracemate.alerting.notify;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.Cancellation;
import io.tracemate.common.regex.GoRegex;
import java.util.Map;
import java.util.Objects;

/**
 * One label matcher as Alertmanager's routes and silences use it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regexes are Go's (RE2) and anchored at both ends, as in
 * Alertmanager; a missing label matches as the empty string. Immutable and thread-safe.
 *
 * @param name the label name
 * @param value the value, or the regex
 * @param regex whether {@code value} is a regex
 * @param equal whether the label must match (else must not)
 */
public record LabelMatcher(String name, String value, boolean regex, boolean equal) {
  /** Longest matcher value accepted (a silence or route is configuration, not data). */
  public static final int MAX_VALUE_CHARS = 4096;

  public LabelMatcher {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a matcher needs a label name");
    }
    if (value.length() > MAX_VALUE_CHARS) {
      throw new IllegalArgumentException(
          "matcher " + name + ": value longer than " + MAX_VALUE_CHARS + " characters");
    }
  }

  /** Compiles the regex, naming the matcher when it does not compile. */
  public Compiled compile() {
    if (!regex) {
      return new Compiled(this, null);
    }
    try {
      return new Compiled(this, GoRegex.compile(value));
    } catch (PatternSyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "matcher " + this + ": invalid regex: " + e.getMessage(), e);
    }
  }

  /** Parses Alertmanager's matcher syntax: {@code name="value"} with one of {@code = != =~ !~}. */
  public static LabelMatcher parse(String text) {
    String s = text.strip();
    int i = 0;
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    String name = s.substring(0, i);
    String rest = s.substring(i).stripLeading();
    String op;
    if (rest.startsWith("=~") || rest.startsWith("!~") || rest.startsWith("!=")) {
      op = rest.substring(0, 2);
    } else if (rest.startsWith("=")) {
      op = "=";
    } else {
      throw new IllegalArgumentException(
          "matcher '" + text + "': expected name followed by =, !=, =~ or !~");
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("matcher '" + text + "': missing label name");
    }
    String value = rest.substring(op.length()).strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = unquote(value.substring(1, value.length() - 1), text);
    }
    return new LabelMatcher(name, value, op.endsWith("~"), !op.startsWith("!"));
  }

  private static String unquote(String body, String text) {
    StringBuilder out = new StringBuilder(body.length());
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\') {
        if (i + 1 == body.length()) {
          throw new IllegalArgumentException("matcher '" + text + "': dangling backslash");
        }
        char next = body.charAt(++i);
        out.append(
            switch (next) {
              case 'n' -> '\n';
              case 't' -> '\t';
              default -> next;
            });
      } else if (c == '"') {
        throw new IllegalArgumentException("matcher '" + text + "': unescaped quote in value");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    String op = equal ? (regex ? "=~" : "=") : (regex ? "!~" : "!=");
    return name + op + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** A matcher with its regex compiled. */
  public record Compiled(LabelMatcher matcher, Pattern pattern) {
    public boolean matches(Map<String, String> labels) {
      String actual = labels.getOrDefault(matcher.name(), "");
      boolean hit =
          pattern == null
              ? actual.equals(matcher.value())
              : GoRegex.matchesWhole(pattern, actual, Cancellation.none());
      return hit == matcher.equal();
    }
  }
}
