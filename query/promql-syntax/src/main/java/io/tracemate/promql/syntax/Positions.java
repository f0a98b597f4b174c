package io.tracemate.promql.syntax;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each node of one parse starts (and where each binary operator's token is), kept beside the tree so the
 * records stay plain values: the type checker reports errors at these offsets after the whole query has parsed.
 * Keyed by identity, since equal subtrees at different places are different nodes. Not thread-safe.
 */
final class Positions {
  private final Map<Object, Integer> starts = new IdentityHashMap<>();
  private final Map<Object, Integer> operators = new IdentityHashMap<>();
  private final Map<Object, ValueType> types = new IdentityHashMap<>();

  /** Records where {@code node} starts and its type (from its children's, so no walk of a deep chain). */
  <T extends Expr> T at(T node, int start) {
    starts.put(node, start);
    types.put(node, shallowType(node));
    return node;
  }

  ValueType type(Expr node) {
    ValueType type = types.get(node);
    return type != null ? type : shallowType(node);
  }

  private ValueType shallowType(Expr node) {
    return switch (node) {
      case Expr.Binary b ->
          type(b.lhs()) == ValueType.SCALAR && type(b.rhs()) == ValueType.SCALAR
              ? ValueType.SCALAR
              : ValueType.VECTOR;
      case Expr.Unary u -> type(u.expr());
      case Expr.Paren p -> type(p.expr());
      default -> node.type();
    };
  }

  int start(Expr node) {
    Integer start = starts.get(node);
    return start == null ? 0 : start;
  }

  void operator(Expr.Binary node, int offset) {
    operators.put(node, offset);
  }

  int operator(Expr.Binary node) {
    Integer offset = operators.get(node);
    return offset == null ? start(node) : offset;
  }
}
