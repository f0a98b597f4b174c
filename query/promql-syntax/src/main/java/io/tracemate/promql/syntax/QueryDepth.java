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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Measures a tree's depth without recursion, so a left-deep chain the parser built in a loop ({@code a + a + ...})
 * is refused before any recursive walk (type checker, printer, evaluator) could overflow its stack.
 */
final class QueryDepth {
  private QueryDepth() {}

  /** Whether the tree is deeper than {@code maxDepth} levels. */
  static boolean exceeds(Expr root, int maxDepth) {
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 1});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      int depth = (Integer) top[1];
      if (depth > maxDepth) {
        return true;
      }
      for (Expr child : children((Expr) top[0])) {
        stack.push(new Object[] {child, depth + 1});
      }
    }
    return false;
  }

  static List<Expr> children(Expr expr) {
    return switch (expr) {
      case Aggregation a ->
          a.param().isPresent() ? List.of(a.param().get(), a.expr()) : List.of(a.expr());
      case Binary b -> List.of(b.lhs(), b.rhs());
      case Call c -> c.args();
      case Paren p -> List.of(p.expr());
      case Unary u -> List.of(u.expr());
      case Subquery s -> List.of(s.expr());
      case MatrixSelector m -> List.of(m.selector());
      case VectorSelector v -> List.of();
      case NumberLiteral n -> List.of();
      case StringLiteral s -> List.of();
    };
  }
}
