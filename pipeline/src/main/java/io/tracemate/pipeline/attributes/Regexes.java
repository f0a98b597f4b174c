package io.tracemate.pipeline.attributes;

import io.tracemate.pipeline.config.ConfigProblems;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles configured regexes written for the collector (Go RE2 syntax) with java.util.regex. The one
 * difference that matters for pasted configs is named groups: Go writes {@code (?P<name>...)} and allows
 * underscores in names, Java wants {@code (?<name>...)} with letters and digits only. Named groups are
 * therefore renamed to {@code g1, g2, ...} and their original names kept in order of appearance.
 */
public final class Regexes {
  private Regexes() {}

  /** A compiled regex and the original names of its named groups, in order of appearance. */
  public record NamedPattern(Pattern pattern, List<String> groupNames) {
    public NamedPattern {
      groupNames = List.copyOf(groupNames);
    }
  }

  /** The compiled pattern, or null after recording the problem under {@code path}. */
  public static Pattern compile(String regex, ConfigProblems problems, String path) {
    NamedPattern named = compileNamed(regex, problems, path);
    return named == null ? null : named.pattern();
  }

  /** Like {@link #compile}, keeping the named groups' original names. */
  public static NamedPattern compileNamed(String regex, ConfigProblems problems, String path) {
    if (regex == null || regex.isEmpty()) {
      problems.add(path, "must not be empty");
      return null;
    }
    List<String> names = new ArrayList<>();
    String java = renameGroups(regex, names);
    try {
      return new NamedPattern(Pattern.compile(java), names);
    } catch (PatternSyntaxException e) {
      problems.add(path, "invalid regular expression '" + regex + "': " + e.getDescription());
      return null;
    }
  }

  private static String renameGroups(String regex, List<String> names) {
    StringBuilder out = new StringBuilder(regex.length());
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
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
      } else if (c == '(' && (regex.startsWith("(?P<", i) || isNamedGroup(regex, i))) {
        int start = regex.indexOf('<', i) + 1;
        int end = regex.indexOf('>', start);
        if (end > start) {
          names.add(regex.substring(start, end));
          out.append("(?<g").append(names.size()).append('>');
          i = end + 1;
          continue;
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** {@code (?<name>} but not the lookbehinds {@code (?<=} and {@code (?<!}. */
  private static boolean isNamedGroup(String regex, int i) {
    return regex.startsWith("(?<", i) && i + 3 < regex.length()
        && regex.charAt(i + 3) != '=' && regex.charAt(i + 3) != '!';
  }
}
