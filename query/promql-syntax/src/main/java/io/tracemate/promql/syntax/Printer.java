package io.tracemate.promql.syntax;

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
import io.tracemate.querysupport.BinaryOp;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prints expressions the way Prometheus' {@code String()} methods do ({@code sum by (job) (rate(x[5m]))},
 * {@code a + on (b) group_left (c) d}, {@code x @ 100.000 offset 5m}), keeping the source order of matchers so that
 * printing and parsing again gives an equal tree. Parentheses come from {@link Paren} nodes; a hand-built tree that
 * lacks them where precedence needs them gets them added. Stateless.
 */
final class Printer {
  private static final Pattern LEGACY_LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern LEGACY_METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private Printer() {}

  static String print(Expr expr) {
    StringBuilder out = new StringBuilder();
    write(expr, out);
    return out.toString();
  }

  private static void write(Expr expr, StringBuilder out) {
    switch (expr) {
      case NumberLiteral n -> out.append(n.duration() ? duration(n.value()) : number(n.value()));
      case StringLiteral s -> out.append(GoStrings.goQuote(s.value()));
      case VectorSelector v -> {
        selectorBody(v, out);
        modifiers(v.at(), v.offsetMillis(), out);
      }
      case MatrixSelector m -> {
        selectorBody(m.selector(), out);
        out.append('[').append(Durations.format(m.rangeMillis())).append(']');
        modifiers(m.selector().at(), m.selector().offsetMillis(), out);
      }
      case Subquery s -> {
        boolean wrap = s.expr() instanceof Binary || s.expr() instanceof Unary;
        writeWrapped(s.expr(), wrap, out);
        out.append('[').append(Durations.format(s.rangeMillis())).append(':');
        if (s.stepMillis() > 0) {
          out.append(Durations.format(s.stepMillis()));
        }
        out.append(']');
        modifiers(s.at(), s.offsetMillis(), out);
      }
      case Call c -> {
        out.append(c.function().promqlName()).append('(');
        args(c.args(), out);
        out.append(')');
      }
      case Aggregation a -> {
        out.append(a.op().promqlName());
        if (a.without()) {
          out.append(" without (");
          labels(a.grouping(), out);
          out.append(") ");
        } else if (!a.grouping().isEmpty()) {
          out.append(" by (");
          labels(a.grouping(), out);
          out.append(") ");
        }
        out.append('(');
        if (a.param().isPresent()) {
          write(a.param().get(), out);
          out.append(", ");
        }
        write(a.expr(), out);
        out.append(')');
      }
      case Binary b -> binary(b, out);
      case Unary u -> {
        out.append(u.negate() ? '-' : '+');
        boolean wrap = u.expr() instanceof Binary inner && inner.op() != BinaryOp.POW;
        writeWrapped(u.expr(), wrap, out);
      }
      case Paren p -> {
        out.append('(');
        write(p.expr(), out);
        out.append(')');
      }
    }
  }

  private static void binary(Binary b, StringBuilder out) {
    int precedence = b.op().precedence();
    boolean wrapLeft =
        b.lhs() instanceof Binary l
            && (l.op().precedence() < precedence
                || l.op().precedence() == precedence && b.op().rightAssociative());
    boolean wrapRight =
        b.rhs() instanceof Binary r
            && (r.op().precedence() < precedence
                || r.op().precedence() == precedence && !b.op().rightAssociative());
    writeWrapped(b.lhs(), wrapLeft, out);
    out.append(' ').append(b.op().symbol());
    if (b.returnBool()) {
      out.append(" bool");
    }
    b.matching().ifPresent(m -> matching(m, out));
    out.append(' ');
    writeWrapped(b.rhs(), wrapRight, out);
  }

  private static void matching(VectorMatching m, StringBuilder out) {
    boolean grouped =
        m.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
            || m.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
    if (!m.matchingLabels().isEmpty() || m.on() || grouped) {
      out.append(m.on() ? " on (" : " ignoring (");
      labels(m.matchingLabels(), out);
      out.append(')');
    }
    if (grouped) {
      out.append(
          m.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
              ? " group_left ("
              : " group_right (");
      labels(m.include(), out);
      out.append(')');
    }
  }

  private static void writeWrapped(Expr expr, boolean wrap, StringBuilder out) {
    if (wrap) {
      out.append('(');
    }
    write(expr, out);
    if (wrap) {
      out.append(')');
    }
  }

  private static void selectorBody(VectorSelector v, StringBuilder out) {
    List<LabelMatcher> matchers = v.matchers();
    boolean plainName = !v.name().isEmpty() && LEGACY_METRIC_NAME.matcher(v.name()).matches();
    if (plainName) {
      out.append(v.name());
    }
    if (!matchers.isEmpty() || !plainName) {
      out.append('{');
      boolean first = true;
      if (!v.name().isEmpty() && !plainName) {
        out.append(GoStrings.goQuote(v.name()));
        first = false;
      }
      for (LabelMatcher m : matchers) {
        if (!first) {
          out.append(',');
        }
        out.append(m);
        first = false;
      }
      out.append('}');
    }
  }

  private static void modifiers(Optional<AtModifier> at, long offsetMillis, StringBuilder out) {
    at.ifPresent(a -> out.append(' ').append(a));
    if (offsetMillis > 0) {
      out.append(" offset ").append(Durations.format(offsetMillis));
    } else if (offsetMillis < 0) {
      out.append(" offset -").append(Durations.format(-offsetMillis));
    }
  }

  private static void args(List<Expr> args, StringBuilder out) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      write(args.get(i), out);
    }
  }

  private static void labels(List<String> names, StringBuilder out) {
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(labelName(names.get(i)));
    }
  }

  /** A label name as PromQL spells it: bare when it is a plain identifier, quoted otherwise. */
  static String labelName(String name) {
    return LEGACY_LABEL_NAME.matcher(name).matches() ? name : GoStrings.goQuote(name);
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, as Prometheus prints number literals. */
  static String number(double value) {
    return GoStrings.formatFloat(value);
  }

  /** A number written as a duration ({@code 5m}), as Prometheus prints duration literals. */
  private static String duration(double seconds) {
    // Rounded to milliseconds directly: through nanoseconds, a long duration passed 2^53 and lost
    // its last
    // millisecond (31y2w3d4h5m6s7ms printed as ...6s6ms).
    long millis = Math.round(Math.abs(seconds) * 1000);
    // The sign bit, not < 0: -0s is negative zero, and printing it as 0s changed the query (1 / -0s
    // is -Inf).
    return (Math.copySign(1.0, seconds) < 0 ? "-" : "") + Durations.format(millis);
  }

  /** Milliseconds as seconds with exactly three decimals, e.g. {@code 100.000}. */
  static String fixed3(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
  }
}
