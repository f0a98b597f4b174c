package io.tracemate.promql.syntax;

import io.tracemate.querysupport.BinaryOp;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed PromQL expression: a closed set of immutable records (switch over them exhaustively instead of a
 * visitor). {@code toString()} prints PromQL that parses back to an equal tree; {@link #type()} is the value type
 * as Prometheus' type checker sees it. Parentheses are kept as {@link Paren} nodes, as Prometheus keeps them.
 */
public sealed interface Expr {

  /** What the expression evaluates to. */
  default ValueType type() {
    return switch (this) {
      case NumberLiteral n -> ValueType.SCALAR;
      case StringLiteral s -> ValueType.STRING;
      case VectorSelector v -> ValueType.VECTOR;
      case MatrixSelector m -> ValueType.MATRIX;
      case Subquery s -> ValueType.MATRIX;
      case Call c -> c.function().returnType();
      case Aggregation a -> ValueType.VECTOR;
      case Binary b ->
          b.lhs().type() == ValueType.SCALAR && b.rhs().type() == ValueType.SCALAR
              ? ValueType.SCALAR
              : ValueType.VECTOR;
      case Unary u -> u.expr().type();
      case Paren p -> p.expr().type();
    };
  }

  /**
   * A number, e.g. {@code 1.5}, {@code -Inf}, {@code 0x1F}, or a duration used as a number ({@code 5m} is 300).
   *
   * @param duration the literal was written as a duration (printed back as one)
   */
  record NumberLiteral(double value, boolean duration) implements Expr {
    public NumberLiteral(double value) {
      this(value, false);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** A string, e.g. {@code "foo"}; only valid as a function argument, count_values' label or a whole query. */
  record StringLiteral(String value) implements Expr {
    public StringLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * An instant vector selector: {@code http_requests_total{job="api"} @ 1609746000 offset 5m}.
   *
   * @param name         the metric name written before the braces, or "" (then a {@code __name__} matcher may be
   *                     among the matchers)
   * @param matchers     the matchers inside the braces, in source order, without the one {@code name} implies
   * @param offsetMillis the {@code offset} (negative looks ahead), 0 without one
   * @param at           the {@code @} modifier, if any
   */
  record VectorSelector(
      String name, List<LabelMatcher> matchers, long offsetMillis, Optional<AtModifier> at)
      implements Expr {
    public VectorSelector {
      Objects.requireNonNull(name, "name");
      matchers = List.copyOf(matchers);
      Objects.requireNonNull(at, "at");
    }

    /** A selector without modifiers. */
    public VectorSelector(String name, List<LabelMatcher> matchers) {
      this(name, matchers, 0, Optional.empty());
    }

    /** Every matcher a series must satisfy, including {@code __name__="<name>"} when a name is given. */
    public List<LabelMatcher> allMatchers() {
      if (name.isEmpty()) {
        return matchers;
      }
      List<LabelMatcher> all = new java.util.ArrayList<>(matchers);
      all.add(LabelMatcher.equal(LabelMatcher.METRIC_NAME, name));
      return List.copyOf(all);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * A range vector selector: {@code http_requests_total{job="api"}[5m]}; offset and {@code @} belong to the
   * inner selector (written after the range).
   */
  record MatrixSelector(VectorSelector selector, long rangeMillis) implements Expr {
    public MatrixSelector {
      Objects.requireNonNull(selector, "selector");
      if (rangeMillis <= 0) {
        throw new IllegalArgumentException("range must be positive, got " + rangeMillis);
      }
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * A subquery: {@code rate(x[5m])[1h:1m] offset 10m}.
   *
   * @param stepMillis the resolution, 0 when omitted ({@code [1h:]}: the engine's default)
   */
  record Subquery(
      Expr expr, long rangeMillis, long stepMillis, long offsetMillis, Optional<AtModifier> at)
      implements Expr {
    public Subquery {
      Objects.requireNonNull(expr, "expr");
      Objects.requireNonNull(at, "at");
      if (rangeMillis <= 0 || stepMillis < 0) {
        throw new IllegalArgumentException("range must be positive and step not negative");
      }
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** A function call, e.g. {@code rate(x[5m])}. */
  record Call(Function function, List<Expr> args) implements Expr {
    public Call {
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * An aggregation: {@code sum by (job) (x)}, {@code topk(3, x)}, {@code count_values without (i) ("v", x)}.
   *
   * @param param    the parameter of topk, bottomk, quantile, count_values (and limitk, limit_ratio)
   * @param grouping the labels of {@code by} or {@code without}
   * @param without  true for {@code without}, false for {@code by} (or no clause)
   */
  record Aggregation(
      AggregationOp op, Expr expr, Optional<Expr> param, List<String> grouping, boolean without)
      implements Expr {
    public Aggregation {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(expr, "expr");
      Objects.requireNonNull(param, "param");
      grouping = List.copyOf(grouping);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /**
   * A binary operation.
   *
   * @param matching   how series pair up; present only when both sides are instant vectors
   * @param returnBool the {@code bool} modifier of a comparison
   */
  record Binary(
      BinaryOp op, Expr lhs, Expr rhs, Optional<VectorMatching> matching, boolean returnBool)
      implements Expr {
    public Binary {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(lhs, "lhs");
      Objects.requireNonNull(rhs, "rhs");
      Objects.requireNonNull(matching, "matching");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** Unary {@code -} (negate) or {@code +} (no-op) on a scalar or instant vector; {@code -1} parses as a number. */
  record Unary(boolean negate, Expr expr) implements Expr {
    public Unary {
      Objects.requireNonNull(expr, "expr");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** Parentheses, kept so printing reproduces them. */
  record Paren(Expr expr) implements Expr {
    public Paren {
      Objects.requireNonNull(expr, "expr");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }
}
