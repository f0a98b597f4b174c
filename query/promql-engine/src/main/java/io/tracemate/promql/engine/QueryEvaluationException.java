package io.tracemate.promql.engine;

/**
 * A query parsed but cannot be evaluated over this data: duplicate series in a result, many-to-many matching, an
 * invalid regex in {@code label_replace}, a NaN {@code topk} parameter. Prometheus' API answers these as
 * {@code errorType: "execution"} (HTTP 422); the messages are Prometheus' own. Immutable.
 */
public final class QueryEvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueryEvaluationException(String message) {
    super(message);
  }

  /** Prometheus' {@code errorType} for this error. */
  public String errorType() {
    return "execution";
  }
}
