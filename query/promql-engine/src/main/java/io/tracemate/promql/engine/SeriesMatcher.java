package io.tracemate.promql.engine;

import com.google.re2j.Pattern;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiled label matchers with Prometheus' semantics, for {@link SeriesSource} implementations and the engine:
 * all must match; {@code =~} and {@code !~} are RE2 (RE2/J, linear time), anchored at both ends with {@code .}
 * matching newlines ({@code ^(?s:re)$}); a label the series lacks matches as the empty string. Immutable and
 * thread-safe.
 */
public final class SeriesMatcher {
  private final List<LabelMatcher> matchers;
  private final Pattern[] patterns;

  private SeriesMatcher(List<LabelMatcher> matchers) {
    this.matchers = List.copyOf(matchers);
    this.patterns = new Pattern[matchers.size()];
    for (int i = 0; i < matchers.size(); i++) {
      LabelMatcher m = matchers.get(i);
      if (m.type().isRegex()) {
        patterns[i] = Pattern.compile("^(?s:" + m.value() + ")$");
      }
    }
  }

  /**
   * Compiles the matchers (the parser has already checked their regular expressions).
   *
   * @throws com.google.re2j.PatternSyntaxException for a regex that is not RE2
   */
  public static SeriesMatcher of(List<LabelMatcher> matchers) {
    return new SeriesMatcher(new ArrayList<>(matchers));
  }

  /** Whether a series with these labels matches every matcher. */
  public boolean matches(Labels labels) {
    for (int i = 0; i < patterns.length; i++) {
      if (!matches(i, labels.get(matchers.get(i).name()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every matcher not on {@code ignoredName} accepts the value {@code valueOf} gives for its label (the
   * empty string for a label the series lacks): a test before a series' labels are built, for a source that makes
   * several series of one key (a histogram's {@code le}) and must not build them all to reject it.
   *
   * @param ignoredNames labels the matchers on which are not tested
   * @param valueOf a label's value, or null (read as "") when the series lacks it
   */
  public boolean matchesIgnoring(Set<String> ignoredNames, Function<String, String> valueOf) {
    for (int i = 0; i < patterns.length; i++) {
      String name = matchers.get(i).name();
      if (ignoredNames.contains(name)) {
        continue;
      }
      String value = valueOf.apply(name);
      if (!matches(i, value == null ? "" : value)) {
        return false;
      }
    }
    return true;
  }

  private boolean matches(int index, String value) {
    LabelMatcher m = matchers.get(index);
    return switch (m.type()) {
      case EQUAL -> value.equals(m.value());
      case NOT_EQUAL -> !value.equals(m.value());
      case REGEX -> patterns[index].matches(value);
      case NOT_REGEX -> !patterns[index].matches(value);
    };
  }

  /** The metric name every matching series has, when an equality matcher on {@code __name__} fixes it; else null. */
  public String metricName() {
    for (LabelMatcher m : matchers) {
      if (m.name().equals(LabelMatcher.METRIC_NAME) && m.type() == MatchType.EQUAL) {
        return m.value();
      }
    }
    return null;
  }
}
