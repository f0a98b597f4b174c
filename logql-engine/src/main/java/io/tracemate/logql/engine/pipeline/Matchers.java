package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logs.LabelMatcher;
import java.util.List;

/** Converts the parser's label matchers to the store's, translating RE2 regexes. Stateless. */
public final class Matchers {
  private Matchers() {}

  public static LabelMatcher toStore(io.tracemate.logql.syntax.LabelMatcher matcher) {
    LabelMatcher.Type type = switch (matcher.type()) {
      case EQUAL -> LabelMatcher.Type.EQ;
      case NOT_EQUAL -> LabelMatcher.Type.NEQ;
      case REGEX -> LabelMatcher.Type.RE;
      case NOT_REGEX -> LabelMatcher.Type.NRE;
    };
    String value = matcher.value();
    if (type == LabelMatcher.Type.RE || type == LabelMatcher.Type.NRE) {
      value = Re2.translate(value, new java.util.ArrayList<>());
    }
    try {
      return LabelMatcher.of(matcher.name(), type, value);
    } catch (IllegalArgumentException e) {
      throw new QueryEvaluationException(e.getMessage(), e);
    }
  }

  public static List<LabelMatcher> toStore(List<io.tracemate.logql.syntax.LabelMatcher> matchers) {
    return matchers.stream().map(Matchers::toStore).toList();
  }
}
