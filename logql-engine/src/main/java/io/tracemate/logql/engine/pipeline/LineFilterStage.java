package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.syntax.PipelineStage.LineFilter;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** {@code |= != |~ !~ |> !>}: keeps lines matching any alternative (negated: none). Immutable. */
final class LineFilterStage implements Stage {
  private final List<Predicate<String>> alternatives;
  private final boolean negated;

  LineFilterStage(LineFilter filter, PipelineContext context) {
    this.negated = switch (filter.op()) {
      case NOT_CONTAINS, NOT_REGEX, NOT_PATTERN -> true;
      default -> false;
    };
    List<Predicate<String>> list = new ArrayList<>();
    for (LineFilterValue value : filter.alternatives()) {
      list.add(predicate(filter, value, context));
    }
    this.alternatives = List.copyOf(list);
  }

  private static Predicate<String> predicate(LineFilter filter, LineFilterValue value, PipelineContext context) {
    if (value.ip()) {
      IpMatcher ip = IpMatcher.compile(value.value());
      return ip::matchesLine;
    }
    return switch (filter.op()) {
      case CONTAINS, NOT_CONTAINS -> {
        String literal = value.value();
        yield line -> line.contains(literal);
      }
      case REGEX, NOT_REGEX -> {
        var pattern = Re2.compile(value.value(), "line filter").pattern();
        yield line -> context.find(pattern, line);
      }
      case PATTERN, NOT_PATTERN -> {
        LinePattern pattern = LinePattern.compile(value.value(), false);
        yield pattern::matches;
      }
    };
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
