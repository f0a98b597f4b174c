package io.tracemate.logql.engine.pipeline;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.logql.engine.QueryEvaluationException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What compiled stages consult while they run: the query's cancellation, which every user regex reads its input
 * through (so a backtracking pattern stops with the query), and the longest line or label value formatting may
 * build. One per query (or per tail), shared by the threads of its parts.
 *
 * @param cancellation the query's
 * @param maxFormattedLineSize longest value line_format / label_format may produce, in characters
 */
public record PipelineContext(Cancellation cancellation, int maxFormattedLineSize) {
  public PipelineContext {
    Objects.requireNonNull(cancellation, "cancellation");
    if (maxFormattedLineSize <= 0) {
      throw new IllegalArgumentException("maxFormattedLineSize must be positive, got " + maxFormattedLineSize);
    }
  }

  /** No deadline, 1 MiB lines: for pipelines compiled outside a query (tests, tools). */
  public static PipelineContext unbounded() {
    return new PipelineContext(Cancellation.none(), 1 << 20);
  }

  /**
   * A matcher of a user regex over {@code text}, reading it through the cancellation's guard.
   *
   * @throws CancelledException from the matcher's methods once the query stops
   */
  public Matcher matcher(Pattern pattern, String text) {
    return pattern.matcher(cancellation.guard(text));
  }

  /** {@code find()} of a user regex; java.util.regex recursion too deep for the stack fails the query clearly. */
  public boolean find(Pattern pattern, String text) {
    try {
      return matcher(pattern, text).find();
    } catch (StackOverflowError e) {
      throw tooComplex(pattern);
    }
  }

  /** {@code matches()} of a user regex (label matchers are anchored). */
  public boolean matches(Pattern pattern, String text) {
    try {
      return matcher(pattern, text).matches();
    } catch (StackOverflowError e) {
      throw tooComplex(pattern);
    }
  }

  static QueryEvaluationException tooComplex(Pattern pattern) {
    return new QueryEvaluationException("the regex \"" + pattern.pattern() + "\" is too complex for a line of this "
        + "length (java.util.regex recursed too deeply); simplify the repetition of groups");
  }
}
