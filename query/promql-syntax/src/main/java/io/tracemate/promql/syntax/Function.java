package io.tracemate.promql.syntax;

import static io.tracemate.promql.syntax.ValueType.MATRIX;
import static io.tracemate.promql.syntax.ValueType.SCALAR;
import static io.tracemate.promql.syntax.ValueType.STRING;
import static io.tracemate.promql.syntax.ValueType.VECTOR;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every function Prometheus knows, with its signature (Prometheus' {@code parser/functions.go}) and whether Tracemate
 * evaluates it. Known but unsupported functions parse far enough to be named in the error: native-histogram
 * functions (Tracemate's series are classic float series) and functions Prometheus itself keeps behind
 * {@code --enable-feature=promql-experimental-functions}.
 */
public enum Function {
  ABS(VECTOR, VECTOR),
  ABSENT(VECTOR, VECTOR),
  ABSENT_OVER_TIME(VECTOR, MATRIX),
  ACOS(VECTOR, VECTOR),
  ACOSH(VECTOR, VECTOR),
  ASIN(VECTOR, VECTOR),
  ASINH(VECTOR, VECTOR),
  ATAN(VECTOR, VECTOR),
  ATANH(VECTOR, VECTOR),
  AVG_OVER_TIME(VECTOR, MATRIX),
  CEIL(VECTOR, VECTOR),
  CHANGES(VECTOR, MATRIX),
  CLAMP(VECTOR, VECTOR, SCALAR, SCALAR),
  CLAMP_MAX(VECTOR, VECTOR, SCALAR),
  CLAMP_MIN(VECTOR, VECTOR, SCALAR),
  COS(VECTOR, VECTOR),
  COSH(VECTOR, VECTOR),
  COUNT_OVER_TIME(VECTOR, MATRIX),
  DAYS_IN_MONTH(VECTOR, 1, VECTOR),
  DAY_OF_MONTH(VECTOR, 1, VECTOR),
  DAY_OF_WEEK(VECTOR, 1, VECTOR),
  DAY_OF_YEAR(VECTOR, 1, VECTOR),
  DEG(VECTOR, VECTOR),
  DELTA(VECTOR, MATRIX),
  DERIV(VECTOR, MATRIX),
  EXP(VECTOR, VECTOR),
  FIRST_OVER_TIME(VECTOR, MATRIX),
  FLOOR(VECTOR, VECTOR),
  HISTOGRAM_FRACTION(VECTOR, SCALAR, SCALAR, VECTOR),
  HISTOGRAM_QUANTILE(VECTOR, SCALAR, VECTOR),
  HOUR(VECTOR, 1, VECTOR),
  IDELTA(VECTOR, MATRIX),
  INCREASE(VECTOR, MATRIX),
  IRATE(VECTOR, MATRIX),
  LABEL_JOIN(VECTOR, -1, VECTOR, STRING, STRING, STRING),
  LABEL_REPLACE(VECTOR, VECTOR, STRING, STRING, STRING, STRING),
  LAST_OVER_TIME(VECTOR, MATRIX),
  LN(VECTOR, VECTOR),
  LOG10(VECTOR, VECTOR),
  LOG2(VECTOR, VECTOR),
  MAX_OVER_TIME(VECTOR, MATRIX),
  MIN_OVER_TIME(VECTOR, MATRIX),
  MINUTE(VECTOR, 1, VECTOR),
  MONTH(VECTOR, 1, VECTOR),
  PI(SCALAR),
  PREDICT_LINEAR(VECTOR, MATRIX, SCALAR),
  PRESENT_OVER_TIME(VECTOR, MATRIX),
  QUANTILE_OVER_TIME(VECTOR, SCALAR, MATRIX),
  RAD(VECTOR, VECTOR),
  RATE(VECTOR, MATRIX),
  RESETS(VECTOR, MATRIX),
  ROUND(VECTOR, 1, VECTOR, SCALAR),
  SCALAR_(SCALAR, VECTOR),
  SGN(VECTOR, VECTOR),
  SIN(VECTOR, VECTOR),
  SINH(VECTOR, VECTOR),
  SORT(VECTOR, VECTOR),
  SORT_DESC(VECTOR, VECTOR),
  SQRT(VECTOR, VECTOR),
  STDDEV_OVER_TIME(VECTOR, MATRIX),
  STDVAR_OVER_TIME(VECTOR, MATRIX),
  SUM_OVER_TIME(VECTOR, MATRIX),
  TAN(VECTOR, VECTOR),
  TANH(VECTOR, VECTOR),
  TIME(SCALAR),
  TIMESTAMP(VECTOR, VECTOR),
  VECTOR_(VECTOR, SCALAR),
  YEAR(VECTOR, 1, VECTOR),

  // Native histograms: Tracemate keeps classic (bucket-per-series) histograms only.
  HISTOGRAM_AVG(Support.NATIVE_HISTOGRAMS, VECTOR, 0, VECTOR),
  HISTOGRAM_COUNT(Support.NATIVE_HISTOGRAMS, VECTOR, 0, VECTOR),
  HISTOGRAM_SUM(Support.NATIVE_HISTOGRAMS, VECTOR, 0, VECTOR),
  HISTOGRAM_STDDEV(Support.NATIVE_HISTOGRAMS, VECTOR, 0, VECTOR),
  HISTOGRAM_STDVAR(Support.NATIVE_HISTOGRAMS, VECTOR, 0, VECTOR),

  // Experimental in Prometheus (off unless --enable-feature=promql-experimental-functions).
  DOUBLE_EXPONENTIAL_SMOOTHING(Support.EXPERIMENTAL, VECTOR, 0, MATRIX, SCALAR, SCALAR),
  HISTOGRAM_QUANTILES(Support.EXPERIMENTAL, VECTOR, 9, VECTOR, STRING, SCALAR, SCALAR),
  INFO(Support.EXPERIMENTAL, VECTOR, 1, VECTOR, VECTOR),
  MAD_OVER_TIME(Support.EXPERIMENTAL, VECTOR, 0, MATRIX),
  SORT_BY_LABEL(Support.EXPERIMENTAL, VECTOR, -1, VECTOR, STRING),
  SORT_BY_LABEL_DESC(Support.EXPERIMENTAL, VECTOR, -1, VECTOR, STRING),
  START_TIMESTAMP(Support.EXPERIMENTAL, VECTOR, 0, VECTOR),
  TS_OF_FIRST_OVER_TIME(Support.EXPERIMENTAL, VECTOR, 0, MATRIX),
  TS_OF_LAST_OVER_TIME(Support.EXPERIMENTAL, VECTOR, 0, MATRIX),
  TS_OF_MAX_OVER_TIME(Support.EXPERIMENTAL, VECTOR, 0, MATRIX),
  TS_OF_MIN_OVER_TIME(Support.EXPERIMENTAL, VECTOR, 0, MATRIX),
  START(Support.EXPERIMENTAL, SCALAR, 0),
  END(Support.EXPERIMENTAL, SCALAR, 0),
  STEP(Support.EXPERIMENTAL, SCALAR, 0),
  RANGE(Support.EXPERIMENTAL, SCALAR, 0),
  MAX_OF(Support.EXPERIMENTAL, SCALAR, 0, SCALAR, SCALAR),
  MIN_OF(Support.EXPERIMENTAL, SCALAR, 0, SCALAR, SCALAR);

  /** Why a function is or is not evaluated. */
  public enum Support {
    SUPPORTED,
    NATIVE_HISTOGRAMS,
    EXPERIMENTAL
  }

  private static final Map<String, Function> BY_NAME = new HashMap<>();

  static {
    for (Function f : values()) {
      BY_NAME.put(f.promqlName(), f);
    }
  }

  private final Support support;
  private final ValueType returnType;
  private final List<ValueType> argTypes;
  private final int variadic;

  Function(ValueType returnType, ValueType... argTypes) {
    this(Support.SUPPORTED, returnType, 0, argTypes);
  }

  Function(ValueType returnType, int variadic, ValueType... argTypes) {
    this(Support.SUPPORTED, returnType, variadic, argTypes);
  }

  Function(Support support, ValueType returnType, int variadic, ValueType... argTypes) {
    this.support = support;
    this.returnType = returnType;
    this.variadic = variadic;
    this.argTypes = List.of(argTypes);
  }

  /** The function's PromQL name, e.g. {@code label_replace}. */
  public String promqlName() {
    String lower = name().toLowerCase(Locale.ROOT);
    return lower.endsWith("_") ? lower.substring(0, lower.length() - 1) : lower;
  }

  public Support support() {
    return support;
  }

  public ValueType returnType() {
    return returnType;
  }

  /** Declared argument types; with {@link #variadic()} != 0 the last one repeats. */
  public List<ValueType> argTypes() {
    return argTypes;
  }

  /** 0: exactly {@code argTypes}; n &gt; 0: the last argument may be omitted or repeated up to n times; -1: unbounded. */
  public int variadic() {
    return variadic;
  }

  /** The function of a PromQL name (case-sensitive, as Prometheus), or null. */
  public static Function byName(String name) {
    return BY_NAME.get(name);
  }
}
