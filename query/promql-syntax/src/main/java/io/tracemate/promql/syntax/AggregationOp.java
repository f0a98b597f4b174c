package io.tracemate.promql.syntax;

import java.util.Locale;

/** Aggregation operators, with the type of their parameter ({@code topk(5, ...)}) if they take one. */
public enum AggregationOp {
  SUM(null),
  AVG(null),
  COUNT(null),
  MIN(null),
  MAX(null),
  GROUP(null),
  STDDEV(null),
  STDVAR(null),
  TOPK(ValueType.SCALAR),
  BOTTOMK(ValueType.SCALAR),
  COUNT_VALUES(ValueType.STRING),
  QUANTILE(ValueType.SCALAR),
  /** Experimental in Prometheus; parsed so the error can name it, not evaluated. */
  LIMITK(ValueType.SCALAR),
  /** Experimental in Prometheus; parsed so the error can name it, not evaluated. */
  LIMIT_RATIO(ValueType.SCALAR);

  private final ValueType parameterType;

  AggregationOp(ValueType parameterType) {
    this.parameterType = parameterType;
  }

  /** The operator's PromQL name, e.g. {@code count_values}. */
  public String promqlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The parameter's type, or null when the operator takes none. */
  public ValueType parameterType() {
    return parameterType;
  }

  /** Whether Tracemate evaluates it (limitk and limit_ratio are experimental in Prometheus). */
  public boolean supported() {
    return this != LIMITK && this != LIMIT_RATIO;
  }

  /** The operator of a lower-case name, or null. */
  static AggregationOp byName(String lowerName) {
    for (AggregationOp op : values()) {
      if (op.promqlName().equals(lowerName)) {
        return op;
      }
    }
    return null;
  }
}
