package io.tracemate.promql.syntax;

import java.util.Objects;

/**
 * The {@code @} modifier: evaluate a selector or subquery at a fixed time instead of at each step.
 *
 * @param kind   a timestamp, or the query's start or end
 * @param millis the timestamp in Unix milliseconds ({@link Kind#TIMESTAMP} only, else 0)
 */
public record AtModifier(Kind kind, long millis) {
  /** Where the time comes from. */
  public enum Kind {
    /** {@code @ 1609746000}. */
    TIMESTAMP,
    /** {@code @ start()}: the range query's start (the evaluation time of an instant query). */
    START,
    /** {@code @ end()}: the range query's end (the evaluation time of an instant query). */
    END
  }

  public AtModifier {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.TIMESTAMP && millis != 0) {
      throw new IllegalArgumentException("millis only with a timestamp");
    }
  }

  /** {@code @ <seconds>} with the time in Unix milliseconds. */
  public static AtModifier at(long millis) {
    return new AtModifier(Kind.TIMESTAMP, millis);
  }

  /** The time this modifier pins to, for a query from {@code start} to {@code end} (Unix ms). */
  public long resolve(long start, long end) {
    return switch (kind) {
      case TIMESTAMP -> millis;
      case START -> start;
      case END -> end;
    };
  }

  /** {@code @ 1609746000.000}, {@code @ start()}, {@code @ end()}. */
  @Override
  public String toString() {
    return switch (kind) {
      case TIMESTAMP -> "@ " + Printer.fixed3(millis);
      case START -> "@ start()";
      case END -> "@ end()";
    };
  }
}
