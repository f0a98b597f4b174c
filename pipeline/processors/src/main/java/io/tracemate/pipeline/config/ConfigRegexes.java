package io.tracemate.pipeline.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.GoRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiles the regexes of processor configurations as the Collector does: Go's regexp (RE2, on RE2/J), so a
 * pattern pasted from a Collector config means the same ({@code (?P<name>...)}, POSIX classes, no lookarounds)
 * and no configured pattern can backtrack on a hostile attribute value. Stateless.
 */
public final class ConfigRegexes {
  private ConfigRegexes() {}

  /** The compiled pattern, or null after recording the problem (Go's message) under {@code path}. */
  public static Pattern compile(String regex, ConfigProblems problems, String path) {
    if (regex == null || regex.isEmpty()) {
      problems.add(path, "must not be empty");
      return null;
    }
    try {
      return GoRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  /** The names of the named groups of {@code pattern}, in the order the groups appear. */
  public static List<String> groupNames(Pattern pattern) {
    List<Map.Entry<String, Integer>> groups = new ArrayList<>(pattern.namedGroups().entrySet());
    groups.sort(Map.Entry.comparingByValue());
    return groups.stream().map(Map.Entry::getKey).toList();
  }
}
