package io.tracemate.logql.syntax;

import io.tracemate.querysupport.BinaryOp;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A metric query: evaluates to samples (vectors, matrices or scalars). Immutable records; {@code toString()} prints
 * canonical LogQL.
 */
public sealed interface SampleExpr extends Expr {

  /**
   * {@code rate({app="api"}[5m])}, {@code quantile_over_time(0.99, ... | unwrap latency [1m]) by (route)}.
   *
   * @param parameter the leading number ({@code quantile_over_time} only)
   * @param grouping  trailing {@code by}/{@code without}, allowed for unwrapped aggregations that keep labels
   */
  record RangeAggregation(
      RangeOp op, LogRange range, OptionalDouble parameter, Optional<Grouping> grouping)
      implements SampleExpr {
    public RangeAggregation {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(parameter, "parameter");
      Objects.requireNonNull(grouping, "grouping");
    }

    /** Without parameter or grouping. */
    public RangeAggregation(RangeOp op, LogRange range) {
      this(op, range, OptionalDouble.empty(), Optional.empty());
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * {@code sum by (level) (...)}, {@code topk(5, ...)}.
   *
   * @param parameter k of topk/bottomk/approx_topk
   */
  record VectorAggregation(
      VectorOp op, SampleExpr inner, OptionalInt parameter, Optional<Grouping> grouping)
      implements SampleExpr {
    public VectorAggregation {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(parameter, "parameter");
      Objects.requireNonNull(grouping, "grouping");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * {@code left op [bool] [on(..)|ignoring(..)] [group_left(..)|group_right(..)] right}; {@code op} is any of
   * Prometheus' operators but {@code atan2}, which LogQL does not have.
   */
  record BinaryOperation(BinaryOp op, SampleExpr left, SampleExpr right, BinaryModifier modifier)
      implements SampleExpr {
    public BinaryOperation {
      Objects.requireNonNull(op, "op");
      if (op == BinaryOp.ATAN2) {
        throw new IllegalArgumentException("LogQL has no atan2 operator");
      }
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
      Objects.requireNonNull(modifier, "modifier");
    }

    /** Without modifiers. */
    public BinaryOperation(BinaryOp op, SampleExpr left, SampleExpr right) {
      this(op, left, right, BinaryModifier.NONE);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** A scalar number, e.g. {@code 10} or {@code -1.5}. */
  record Literal(double value) implements SampleExpr {
    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code vector(1)}: a one-element vector without labels. */
  record VectorLiteral(double value) implements SampleExpr {
    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code label_replace(inner, "dst", "replacement", "src", "regex")}; the regex is not compiled here. */
  record LabelReplace(
      SampleExpr inner, String destination, String replacement, String source, String regex)
      implements SampleExpr {
    public LabelReplace {
      Objects.requireNonNull(inner, "inner");
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(replacement, "replacement");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }
}
