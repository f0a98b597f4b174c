package io.tracemate.promql.engine;

import io.tracemate.querysupport.LimitExceededException;

/**
 * A query went over one of the {@link EngineSettings} limits. {@link #limit()} names it; {@link #errorType()} is
 * what Prometheus' API answers: {@code timeout} (HTTP 503) for the time limit, {@code execution} (HTTP 422) for the
 * others, as Prometheus does for {@code --query.max-samples}. Immutable.
 */
public final class QueryLimitException extends LimitExceededException {
  private static final long serialVersionUID = 1L;

  /** Too many samples held at once ({@code --query.max-samples}). */
  public static final String MAX_SAMPLES = "max_samples";

  /** Too many series read. */
  public static final String MAX_SERIES = "max_series";

  /** The query ran longer than its timeout ({@code --query.timeout}). */
  public static final String TIMEOUT = "timeout";

  /** A range query with too many steps. */
  public static final String MAX_POINTS = "max_points_per_series";

  /** @param limit which limit: {@link #MAX_SAMPLES}, {@link #MAX_SERIES}, {@link #TIMEOUT} or {@link #MAX_POINTS} */
  public QueryLimitException(String limit, String message) {
    super(limit, message);
  }

  /** Prometheus' {@code errorType} for this error. */
  public String errorType() {
    String limit = limit();
    return limit.equals(TIMEOUT) ? "timeout" : limit.equals(MAX_POINTS) ? "bad_data" : "execution";
  }

  static QueryLimitException tooManySamples() {
    return new QueryLimitException(
        MAX_SAMPLES, "query processing would load too many samples into memory in query execution");
  }
}
