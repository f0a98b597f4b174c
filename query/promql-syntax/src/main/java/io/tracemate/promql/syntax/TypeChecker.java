package io.tracemate.promql.syntax;

import com.google.re2j.Pattern;
import io.tracemate.promql.syntax.Expr.Aggregation;
import io.tracemate.promql.syntax.Expr.Binary;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.MatrixSelector;
import io.tracemate.promql.syntax.Expr.NumberLiteral;
import io.tracemate.promql.syntax.Expr.Paren;
import io.tracemate.promql.syntax.Expr.StringLiteral;
import io.tracemate.promql.syntax.Expr.Subquery;
import io.tracemate.promql.syntax.Expr.Unary;
import io.tracemate.promql.syntax.Expr.VectorSelector;
import java.util.List;
import java.util.Locale;

/**
 * Prometheus' {@code checkAST}: the type rules of PromQL, checked after the whole query parsed (children before
 * their parent, so the first error is the innermost one), reported at the offending expression. Runs only on trees
 * within the depth limit, so its recursion is bounded.
 */
final class TypeChecker {
  private final Cursor cursor;
  private final Positions positions;

  TypeChecker(Cursor cursor, Positions positions) {
    this.cursor = cursor;
    this.positions = positions;
  }

  ValueType check(Expr expr) {
    switch (expr) {
      case Aggregation a -> {
        expect(a.expr(), ValueType.VECTOR, "aggregation expression");
        if (a.op().parameterType() != null) {
          expect(a.param().orElseThrow(), a.op().parameterType(), "aggregation parameter");
        }
      }
      case Binary b -> binary(b);
      case Call c -> call(c);
      case Paren p -> check(p.expr());
      case Unary u -> {
        ValueType type = check(u.expr());
        if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
          throw error(
              u,
              "unary expression only allowed on expressions of type scalar or instant vector, got "
                  + GoStrings.goQuote(type.documented()));
        }
      }
      case Subquery s -> {
        ValueType type = check(s.expr());
        if (type != ValueType.VECTOR) {
          throw error(
              s,
              "subquery is only allowed on instant vector, got " + goTypeName(type) + " instead");
        }
      }
      case MatrixSelector m -> selector(m.selector());
      case VectorSelector v -> selector(v);
      case NumberLiteral n -> {}
      case StringLiteral s -> {}
    }
    return expr.type();
  }

  private void expect(Expr expr, ValueType want, String context) {
    ValueType got = check(expr);
    if (got != want) {
      throw error(
          expr,
          "expected type " + want.documented() + " in " + context + ", got " + got.documented());
    }
  }

  private void binary(Binary b) {
    ValueType lt = check(b.lhs());
    ValueType rt = check(b.rhs());
    int operator = positions.operator(b);
    if (b.returnBool() && !b.op().isComparison()) {
      throw cursor.error(operator, "bool modifier can only be used on comparison operators");
    }
    if (b.op().isComparison()
        && !b.returnBool()
        && lt == ValueType.SCALAR
        && rt == ValueType.SCALAR) {
      throw cursor.error(operator, "comparisons between scalars must use BOOL modifier");
    }
    b.matching()
        .ifPresent(
            m -> {
              if (m.on()) {
                for (String label : m.matchingLabels()) {
                  if (m.include().contains(label)) {
                    throw cursor.error(
                        operator,
                        "label "
                            + GoStrings.goQuote(label)
                            + " must not occur in ON and GROUP clause "
                            + "at once");
                  }
                }
              }
            });
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      throw error(b.lhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw error(b.rhs(), "binary expression must contain only scalar and instant vector types");
    }
    if (b.op().isSetOperator()) {
      if (lt == ValueType.SCALAR || rt == ValueType.SCALAR) {
        throw error(
            b,
            "set operator "
                + GoStrings.goQuote(b.op().symbol())
                + " not allowed in binary scalar expression");
      }
      VectorMatching m = b.matching().orElseThrow();
      if (m.cardinality() != VectorMatching.Cardinality.MANY_TO_MANY) {
        throw error(
            b, "no grouping allowed for " + GoStrings.goQuote(b.op().symbol()) + " operation");
      }
    }
  }

  private void call(Call c) {
    Function f = c.function();
    List<ValueType> types = f.argTypes();
    int n = c.args().size();
    String name = GoStrings.goQuote(f.promqlName());
    if (f.variadic() == 0) {
      if (n != types.size()) {
        throw error(
            c, "expected " + types.size() + " argument(s) in call to " + name + ", got " + n);
      }
    } else {
      int min = types.size() - 1;
      if (n < min) {
        throw error(
            c, "expected at least " + min + " argument(s) in call to " + name + ", got " + n);
      }
      if (f.variadic() > 0 && n > min + f.variadic()) {
        throw error(
            c,
            "expected at most "
                + (min + f.variadic())
                + " argument(s) in call to "
                + name
                + ", got "
                + n);
      }
    }
    for (int i = 0; i < n; i++) {
      Expr arg = c.args().get(i);
      if (i >= types.size() && f.variadic() == 0) {
        break;
      }
      ValueType want = types.get(Math.min(i, types.size() - 1));
      ValueType got = check(arg);
      if (got != want) {
        throw error(
            arg,
            "expected type "
                + want.documented()
                + " in call to function "
                + name
                + ", got "
                + got.documented());
      }
    }
  }

  private void selector(VectorSelector v) {
    if (!v.name().isEmpty()) {
      for (LabelMatcher m : v.matchers()) {
        if (m.name().equals(LabelMatcher.METRIC_NAME)) {
          throw error(
              v,
              "metric name must not be set twice: "
                  + GoStrings.goQuote(v.name())
                  + " or "
                  + GoStrings.goQuote(m.value()));
        }
      }
      return;
    }
    for (LabelMatcher m : v.matchers()) {
      if (!matchesEmpty(m)) {
        return;
      }
    }
    throw error(v, "vector selector must contain at least one non-empty matcher");
  }

  /** Whether a matcher accepts a series that lacks the label (its value is then the empty string). */
  static boolean matchesEmpty(LabelMatcher m) {
    return switch (m.type()) {
      case EQUAL -> m.value().isEmpty();
      case NOT_EQUAL -> !m.value().isEmpty();
      case REGEX -> Pattern.compile("^(?s:" + m.value() + ")$").matcher("").matches();
      case NOT_REGEX -> !Pattern.compile("^(?s:" + m.value() + ")$").matcher("").matches();
    };
  }

  /** Prometheus' internal type names, used in a few messages: scalar, vector, matrix, string. */
  private static String goTypeName(ValueType type) {
    return switch (type) {
      case VECTOR -> "vector";
      case MATRIX -> "matrix";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  private PromQLParseException error(Expr at, String detail) {
    return cursor.error(positions.start(at), detail);
  }
}
