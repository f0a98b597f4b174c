package io.tracemate.logql.syntax;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The argument of a range aggregation: {@code {app="api"} | logfmt | unwrap latency [5m] offset 1h}.
 *
 * @param selector log query whose lines are aggregated
 * @param range    the {@code [..]} window
 * @param offset   shift back in time; {@link Duration#ZERO} when absent
 * @param unwrap   the unwrapped label, for aggregations over label values
 */
public record LogRange(
    LogSelectorExpr selector, Duration range, Duration offset, Optional<Unwrap> unwrap) {

  public LogRange {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(offset, "offset");
    Objects.requireNonNull(unwrap, "unwrap");
  }

  /** No offset, no unwrap. */
  public LogRange(LogSelectorExpr selector, Duration range) {
    this(selector, range, Duration.ZERO, Optional.empty());
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
