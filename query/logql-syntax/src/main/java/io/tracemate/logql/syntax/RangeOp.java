package io.tracemate.logql.syntax;

/**
 * Range aggregation functions, with Loki's rules: which need or forbid {@code unwrap}, which accept a grouping,
 * which take a leading parameter.
 */
public enum RangeOp {
  RATE("rate", Unwrapping.OPTIONAL, false),
  RATE_COUNTER("rate_counter", Unwrapping.REQUIRED, false),
  COUNT_OVER_TIME("count_over_time", Unwrapping.FORBIDDEN, false),
  BYTES_RATE("bytes_rate", Unwrapping.FORBIDDEN, false),
  BYTES_OVER_TIME("bytes_over_time", Unwrapping.FORBIDDEN, false),
  ABSENT_OVER_TIME("absent_over_time", Unwrapping.OPTIONAL, false),
  SUM_OVER_TIME("sum_over_time", Unwrapping.REQUIRED, false),
  AVG_OVER_TIME("avg_over_time", Unwrapping.REQUIRED, true),
  MIN_OVER_TIME("min_over_time", Unwrapping.REQUIRED, true),
  MAX_OVER_TIME("max_over_time", Unwrapping.REQUIRED, true),
  STDDEV_OVER_TIME("stddev_over_time", Unwrapping.REQUIRED, true),
  STDVAR_OVER_TIME("stdvar_over_time", Unwrapping.REQUIRED, true),
  QUANTILE_OVER_TIME("quantile_over_time", Unwrapping.REQUIRED, true),
  FIRST_OVER_TIME("first_over_time", Unwrapping.REQUIRED, true),
  LAST_OVER_TIME("last_over_time", Unwrapping.REQUIRED, true);

  private enum Unwrapping {
    FORBIDDEN,
    OPTIONAL,
    REQUIRED
  }

  private final String symbol;
  private final Unwrapping unwrapping;
  private final boolean allowsGrouping;

  RangeOp(String symbol, Unwrapping unwrapping, boolean allowsGrouping) {
    this.symbol = symbol;
    this.unwrapping = unwrapping;
    this.allowsGrouping = allowsGrouping;
  }

  /** The function name. */
  public String symbol() {
    return symbol;
  }

  public boolean allowsUnwrap() {
    return unwrapping != Unwrapping.FORBIDDEN;
  }

  public boolean requiresUnwrap() {
    return unwrapping == Unwrapping.REQUIRED;
  }

  /** Whether {@code by}/{@code without} may follow the call. */
  public boolean allowsGrouping() {
    return allowsGrouping;
  }

  /** Only {@code quantile_over_time} takes a parameter (φ). */
  public boolean takesParameter() {
    return this == QUANTILE_OVER_TIME;
  }

  static RangeOp fromSymbol(String symbol) {
    for (RangeOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown range aggregation " + symbol);
  }
}
