package io.tracemate.logql.syntax;

import io.tracemate.logql.syntax.PipelineStage.LineFilter;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Measures the depth of a parsed tree without recursing (so a tree too deep for recursion can be measured), and
 * the group nesting of the regular expressions in it, which RE2/J parses and compiles recursively. Stateless.
 */
final class QueryDepth {
  private QueryDepth() {}

  private record Visit(Object node, int depth) {}

  /**
   * The first depth over {@code max}, or 0 when the tree and its regexes stay within it. Stops at the first
   * node over the limit, so the cost is bounded by the tree's size.
   */
  static int exceeding(Expr expr, int max) {
    Deque<Visit> pending = new ArrayDeque<>();
    pending.push(new Visit(expr, 1));
    while (!pending.isEmpty()) {
      Visit visit = pending.pop();
      int depth = visit.depth();
      if (depth > max) {
        return depth;
      }
      int regexDepth = 0;
      switch (visit.node()) {
        case LogSelectorExpr log -> {
          regexDepth = matchers(log.matchers());
          for (PipelineStage stage : log.pipeline()) {
            regexDepth = Math.max(regexDepth, stage(stage, depth, pending));
          }
        }
        case SampleExpr.RangeAggregation range -> {
          pending.push(new Visit(range.range().selector(), depth)); // one unit with its range
          range
              .range()
              .unwrap()
              .ifPresent(
                  unwrap ->
                      unwrap
                          .postFilters()
                          .forEach(filter -> pending.push(new Visit(filter, depth + 1))));
        }
        case SampleExpr.VectorAggregation aggregation ->
            pending.push(new Visit(aggregation.inner(), depth + 1));
        case SampleExpr.BinaryOperation binary -> {
          pending.push(new Visit(binary.left(), depth + 1));
          pending.push(new Visit(binary.right(), depth + 1));
        }
        case SampleExpr.LabelReplace replace -> {
          pending.push(new Visit(replace.inner(), depth + 1));
          regexDepth = regex(replace.regex());
        }
        case LabelFilter.And and -> {
          pending.push(new Visit(and.left(), depth + 1));
          pending.push(new Visit(and.right(), depth + 1));
        }
        case LabelFilter.Or or -> {
          pending.push(new Visit(or.left(), depth + 1));
          pending.push(new Visit(or.right(), depth + 1));
        }
        case LabelFilter.StringMatch match -> regexDepth = matchers(List.of(match.matcher()));
        default -> {}
      }
      if (regexDepth > max) {
        return regexDepth;
      }
    }
    return 0;
  }

  /** Queues the stage's label filter tree; returns the deepest regex nesting of the stage. */
  private static int stage(PipelineStage stage, int depth, Deque<Visit> pending) {
    return switch (stage) {
      case PipelineStage.LabelFilterStage filter -> {
        pending.push(new Visit(filter.filter(), depth + 1));
        yield 0;
      }
      case LineFilter filter -> {
        int deepest = 0;
        if (filter.op() == PipelineStage.LineFilterOp.REGEX
            || filter.op() == PipelineStage.LineFilterOp.NOT_REGEX) {
          for (PipelineStage.LineFilterValue value : filter.alternatives()) {
            deepest = Math.max(deepest, regex(value.value()));
          }
        }
        yield deepest;
      }
      case PipelineStage.RegexpParser parser -> regex(parser.regex());
      case PipelineStage.DropLabels drop -> namedLabels(drop.labels());
      case PipelineStage.KeepLabels keep -> namedLabels(keep.labels());
      default -> 0;
    };
  }

  private static int namedLabels(List<NamedLabel> labels) {
    int deepest = 0;
    for (NamedLabel label : labels) {
      if (label instanceof LabelMatcher matcher) {
        deepest = Math.max(deepest, matchers(List.of(matcher)));
      }
    }
    return deepest;
  }

  private static int matchers(List<LabelMatcher> matchers) {
    int deepest = 0;
    for (LabelMatcher matcher : matchers) {
      if (matcher.type() == MatchType.REGEX || matcher.type() == MatchType.NOT_REGEX) {
        deepest = Math.max(deepest, regex(matcher.value()));
      }
    }
    return deepest;
  }

  /** The deepest group nesting of a regular expression (escapes and character classes skipped). */
  static int regex(String regex) {
    int depth = 0;
    int deepest = 0;
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (inClass) {
        inClass = c != ']';
      } else if (c == '[') {
        inClass = true;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++; // a ']' first in a class is a literal
        }
      } else if (c == '(') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      }
    }
    return deepest;
  }
}
