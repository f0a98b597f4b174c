package io.tracemate.logql.syntax;

/** Vector aggregation operators; {@code topk}-like ones take k, {@code sort}s and approx_topk take no grouping. */
public enum VectorOp {
  SUM("sum", false, true),
  AVG("avg", false, true),
  MIN("min", false, true),
  MAX("max", false, true),
  COUNT("count", false, true),
  STDDEV("stddev", false, true),
  STDVAR("stdvar", false, true),
  TOPK("topk", true, true),
  BOTTOMK("bottomk", true, true),
  SORT("sort", false, false),
  SORT_DESC("sort_desc", false, false),
  /** Experimental in Loki: instant queries only. */
  APPROX_TOPK("approx_topk", true, false);

  private final String symbol;
  private final boolean takesParameter;
  private final boolean allowsGrouping;

  VectorOp(String symbol, boolean takesParameter, boolean allowsGrouping) {
    this.symbol = symbol;
    this.takesParameter = takesParameter;
    this.allowsGrouping = allowsGrouping;
  }

  public String symbol() {
    return symbol;
  }

  public boolean takesParameter() {
    return takesParameter;
  }

  public boolean allowsGrouping() {
    return allowsGrouping;
  }

  static VectorOp fromSymbol(String symbol) {
    for (VectorOp op : values()) {
      if (op.symbol.equals(symbol)) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown vector aggregation " + symbol);
  }
}
