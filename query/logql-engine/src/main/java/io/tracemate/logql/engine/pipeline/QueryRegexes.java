package io.tracemate.logql.engine.pipeline;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.common.regex.GoRegex;
import io.tracemate.common.regex.UnanchoredRegex;
import io.tracemate.logql.engine.QueryEvaluationException;

/**
 * Compiles the regexes of a query with Go's semantics; one that does not compile fails the query with Go's
 * message ({@code error parsing regexp: missing closing ): `(a`}), as Loki answers. Stateless.
 */
public final class QueryRegexes {
  private QueryRegexes() {}

  /** @throws QueryEvaluationException when {@code regex} does not compile */
  public static Pattern compile(String regex) {
    try {
      return GoRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new QueryEvaluationException(e.getMessage(), e);
    }
  }

  /** @throws QueryEvaluationException when {@code regex} does not compile */
  static UnanchoredRegex unanchored(String regex) {
    try {
      return UnanchoredRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new QueryEvaluationException(e.getMessage(), e);
    }
  }
}
