package io.tracemate.logql.engine.pipeline;

import io.tracemate.common.regex.UnanchoredRegex;
import io.tracemate.logql.syntax.PipelineStage.LineFilter;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code |= != |~ !~ |> !>}: keeps lines matching any alternative (negated: none). A regex runs behind the
 * substring search of the literals its matches need, and not at all when it is only literals ({@code |~ "a|b"}
 * is {@code |= "a" or "b"}), as Loki simplifies it. Immutable.
 */
final class LineFilterStage implements Stage {
  private final List<Predicate<String>> alternatives;
  private final boolean negated;
  private final List<String> requiredSubstrings;

  LineFilterStage(LineFilter filter, PipelineContext context) {
    this.negated =
        switch (filter.op()) {
          case NOT_CONTAINS, NOT_REGEX, NOT_PATTERN -> true;
          default -> false;
        };
    List<Predicate<String>> list = new ArrayList<>();
    List<String> required = List.of();
    for (LineFilterValue value : filter.alternatives()) {
      if (value.ip()) {
        IpMatcher ip = IpMatcher.compile(value.value());
        list.add(ip::matchesLine);
        continue;
      }
      switch (filter.op()) {
        case CONTAINS, NOT_CONTAINS -> {
          String literal = value.value();
          list.add(line -> line.contains(literal));
          required = literal.isEmpty() ? List.of() : List.of(literal);
        }
        case REGEX, NOT_REGEX -> {
          UnanchoredRegex regex = QueryRegexes.unanchored(value.value());
          list.add(line -> context.find(regex, line));
          required = regex.requiredSubstrings();
        }
        case PATTERN, NOT_PATTERN -> {
          LinePattern pattern = LinePattern.compile(value.value(), false);
          list.add(pattern::matches);
        }
      }
    }
    this.alternatives = List.copyOf(list);
    this.requiredSubstrings =
        negated || filter.alternatives().size() != 1 || filter.alternatives().getFirst().ip()
            ? List.of()
            : required;
  }

  /** Case-sensitive strings every line this stage keeps contains (for the store to search first). */
  List<String> requiredSubstrings() {
    return requiredSubstrings;
  }

  @Override
  public boolean process(LabelsBuilder entry) {
    String line = entry.line();
    for (Predicate<String> alternative : alternatives) {
      if (alternative.test(line)) {
        return !negated;
      }
    }
    return negated;
  }
}
