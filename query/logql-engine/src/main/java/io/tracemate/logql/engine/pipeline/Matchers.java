package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.engine.QueryEvaluationException;
import io.tracemate.logs.LabelMatcher;
import java.util.List;

/** Converts the parser's label matchers to the store's (compiling their regexes). Stateless. */
public final class Matchers {
  private Matchers() {}

  public static LabelMatcher toStore(io.tracemate.logql.syntax.LabelMatcher matcher) {
    LabelMatcher.Type type =
        switch (matcher.type()) {
          case EQUAL -> LabelMatcher.Type.EQ;
          case NOT_EQUAL -> LabelMatcher.Type.NEQ;
          case REGEX -> LabelMatcher.Type.RE;
          case NOT_REGEX -> LabelMatcher.Type.NRE;
        };
    try {
      return LabelMatcher.of(matcher.name(), type, matcher.value());
    } catch (IllegalArgumentException e) {
      throw new QueryEvaluationException(e.getMessage(), e);
    }
  }

  public static List<LabelMatcher> toStore(List<io.tracemate.logql.syntax.LabelMatcher> matchers) {
    return matchers.stream().map(Matchers::toStore).toList();
  }
}
