package io.tracemate.logql.engine;

import io.tracemate.logql.syntax.BinaryModifier;
import io.tracemate.logql.syntax.BinaryModifier.Cardinality;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.querysupport.BinaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prometheus' binary operator semantics on one step: scalar/scalar, vector/scalar, vector/vector with
 * on/ignoring, group_left/group_right, bool, and the set operators. Stateless.
 */
final class BinaryOperations {
  private BinaryOperations() {}

  /**
   * op applied to two numbers; for comparisons 1 (true) or 0 (false); {@code ^} is Go's {@code math.Pow}, as in
   * Loki.
   */
  static double arithmetic(BinaryOp op, double l, double r) {
    if (op.isSetOperator()) {
      throw new QueryEvaluationException(
          "set operator " + op.symbol() + " not allowed between scalars");
    }
    return op.apply(l, r);
  }

  /** vector op scalar ({@code scalarOnLeft} false) or scalar op vector. */
  static Map<LabelSet, Double> vectorScalar(
      BinaryOp op,
      Map<LabelSet, Double> vector,
      double scalar,
      boolean scalarOnLeft,
      boolean returnBool) {
    if (op.isSetOperator()) {
      throw new QueryEvaluationException(
          "set operator " + op.symbol() + " not allowed in binary scalar expression");
    }
    Map<LabelSet, Double> out = new HashMap<>();
    for (Map.Entry<LabelSet, Double> e : vector.entrySet()) {
      double v = e.getValue();
      double result = scalarOnLeft ? arithmetic(op, scalar, v) : arithmetic(op, v, scalar);
      if (op.isComparison()) {
        if (returnBool) {
          out.put(e.getKey(), result);
        } else if (result == 1) {
          out.put(
              e.getKey(),
              v); // a comparison filter keeps the vector's value, whichever side it is on
        }
      } else {
        out.put(e.getKey(), result);
      }
    }
    return out;
  }

  /** The labels two series are matched on. */
  private static LabelSet signature(LabelSet labels, BinaryModifier modifier) {
    List<Label> kept = new ArrayList<>();
    for (Label label : labels.labels()) {
      if (modifier.matchingLabels().contains(label.name()) == modifier.on()) {
        kept.add(label);
      }
    }
    return new LabelSet(kept);
  }

  static Map<LabelSet, Double> vectorVector(
      BinaryOp op,
      Map<LabelSet, Double> left,
      Map<LabelSet, Double> right,
      BinaryModifier modifier) {
    return switch (op) {
      case AND, UNLESS -> {
        Set<LabelSet> rightSignatures = new HashSet<>();
        right.keySet().forEach(l -> rightSignatures.add(signature(l, modifier)));
        Map<LabelSet, Double> out = new LinkedHashMap<>();
        left.forEach(
            (labels, v) -> {
              if (rightSignatures.contains(signature(labels, modifier)) == (op == BinaryOp.AND)) {
                out.put(labels, v);
              }
            });
        yield out;
      }
      case OR -> {
        Map<LabelSet, Double> out = new LinkedHashMap<>(left);
        Set<LabelSet> leftSignatures = new HashSet<>();
        left.keySet().forEach(l -> leftSignatures.add(signature(l, modifier)));
        right.forEach(
            (labels, v) -> {
              if (!leftSignatures.contains(signature(labels, modifier))) {
                out.put(labels, v);
              }
            });
        yield out;
      }
      default -> matched(op, left, right, modifier);
    };
  }

  private static Map<LabelSet, Double> matched(
      BinaryOp op,
      Map<LabelSet, Double> left,
      Map<LabelSet, Double> right,
      BinaryModifier modifier) {
    boolean swap = modifier.cardinality() == Cardinality.ONE_TO_MANY;
    Map<LabelSet, Double> many = swap ? right : left;
    Map<LabelSet, Double> one = swap ? left : right;
    Map<LabelSet, Map.Entry<LabelSet, Double>> oneBySignature = new HashMap<>();
    for (Map.Entry<LabelSet, Double> e : one.entrySet()) {
      LabelSet sig = signature(e.getKey(), modifier);
      if (oneBySignature.put(sig, e) != null) {
        String side = swap ? "left" : "right";
        throw new QueryEvaluationException(
            "found duplicate series for the match group "
                + sig
                + " on the "
                + side
                + " hand-side of the operation: many-to-many matching not allowed: matching labels must be unique on "
                + "one side");
      }
    }
    Map<LabelSet, Double> out = new HashMap<>();
    Set<LabelSet> matchedSignatures = new HashSet<>();
    for (Map.Entry<LabelSet, Double> e : many.entrySet()) {
      LabelSet sig = signature(e.getKey(), modifier);
      Map.Entry<LabelSet, Double> other = oneBySignature.get(sig);
      if (other == null) {
        continue;
      }
      if (modifier.cardinality() == Cardinality.ONE_TO_ONE && !matchedSignatures.add(sig)) {
        throw new QueryEvaluationException(
            "multiple matches for labels: many-to-one matching must be explicit "
                + "(group_left/group_right)");
      }
      double l = swap ? other.getValue() : e.getValue();
      double r = swap ? e.getValue() : other.getValue();
      double result = arithmetic(op, l, r);
      double value;
      if (op.isComparison() && !modifier.returnBool()) {
        if (result != 1) {
          continue;
        }
        value = l;
      } else {
        value = result;
      }
      LabelSet labels = resultLabels(e.getKey(), other.getKey(), modifier);
      if (out.put(labels, value) != null) {
        throw new QueryEvaluationException(
            "multiple matches for labels: grouping labels must ensure unique matches "
                + "(result "
                + labels
                + ")");
      }
    }
    return out;
  }

  private static LabelSet resultLabels(LabelSet many, LabelSet one, BinaryModifier modifier) {
    if (modifier.cardinality() == Cardinality.ONE_TO_ONE) {
      return signature(many, modifier);
    }
    LabelSet labels = many;
    for (String name : modifier.include()) {
      String value = one.get(name);
      labels = value == null || value.isEmpty() ? labels.without(name) : labels.with(name, value);
    }
    return labels;
  }
}
