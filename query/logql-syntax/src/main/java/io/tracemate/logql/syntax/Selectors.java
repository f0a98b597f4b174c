package io.tracemate.logql.syntax;

import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.AnchoredRegex;
import java.util.ArrayList;
import java.util.List;

/** Walks expressions for their log selectors, and decides whether a selector can match everything. Stateless. */
final class Selectors {
  static final String EMPTY_SELECTOR_MESSAGE =
      "queries require at least one regexp or equality matcher that does "
          + "not have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but "
          + "app=~\".+\" will";

  private Selectors() {}

  static List<LogSelectorExpr> collect(Expr expr) {
    List<LogSelectorExpr> selectors = new ArrayList<>();
    collect(expr, selectors);
    return List.copyOf(selectors);
  }

  private static void collect(Expr expr, List<LogSelectorExpr> selectors) {
    switch (expr) {
      case LogSelectorExpr log -> selectors.add(log);
      case SampleExpr.RangeAggregation aggregation -> selectors.add(aggregation.range().selector());
      case SampleExpr.VectorAggregation aggregation -> collect(aggregation.inner(), selectors);
      case SampleExpr.BinaryOperation binary -> {
        collect(binary.left(), selectors);
        collect(binary.right(), selectors);
      }
      case SampleExpr.LabelReplace replace -> collect(replace.inner(), selectors);
      case SampleExpr.Literal literal -> {}
      case SampleExpr.VectorLiteral vector -> {}
    }
  }

  /** True when every matcher accepts the empty value, i.e. the selector would select every stream. */
  static boolean allMatchEmpty(List<LabelMatcher> matchers) {
    return matchers.stream().allMatch(Selectors::matchesEmpty);
  }

  private static boolean matchesEmpty(LabelMatcher matcher) {
    return switch (matcher.type()) {
      case EQUAL -> matcher.value().isEmpty();
      case NOT_EQUAL -> !matcher.value().isEmpty();
      case REGEX -> regexMatchesEmpty(matcher.value());
      case NOT_REGEX -> !regexMatchesEmpty(matcher.value());
    };
  }

  /** As the engine matches: anchored, RE2. */
  private static boolean regexMatchesEmpty(String regex) {
    try {
      return AnchoredRegex.compile(regex).matches("");
    } catch (PatternSyntaxException e) {
      // nested too deeply (the other errors were refused while parsing): the depth check refuses
      // the query
      return false;
    }
  }
}
