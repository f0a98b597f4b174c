package io.tracemate.logql.engine;

/**
 * A query that parses but cannot run: an invalid regular expression or template, an unsupported feature, a pipeline
 * error in a metric query (Loki's "pipeline error: 'JSONParserErr' for series ..."), a log query sent as an instant
 * query. The HTTP layer maps it to 400. Parse errors are {@link io.tracemate.logql.syntax.LogQLParseException},
 * thrown as is.
 */
public final class QueryEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryEvaluationException(String message) {
    super(message);
  }

  public QueryEvaluationException(String message, Throwable cause) {
    super(message, cause);
  }
}
