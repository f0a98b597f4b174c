package io.tracemate.querysupport;

import java.util.Objects;

/**
 * A running query went over one of its engine's limits (samples or memory held, series, entries, time). Each engine
 * subclasses it with the names of its limits and the way its API answers them (Loki: 400, or 504 for the time-out;
 * Prometheus: {@code execution}, {@code timeout}); {@link #limit()} names the limit as the engine's configuration
 * does. Immutable.
 */
public abstract class LimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String limit;

  /**
   * @param limit   the limit's name, e.g. {@code max_entries_limit_per_query} or {@code max_samples}
   * @param message what went over it, for the user
   */
  protected LimitExceededException(String limit, String message) {
    super(message);
    this.limit = Objects.requireNonNull(limit, "limit");
  }

  /** The limit's configuration name, e.g. {@code max_entries_limit_per_query}. */
  public String limit() {
    return limit;
  }
}
