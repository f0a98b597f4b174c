package io.tracemate.logql.syntax;

import java.util.List;
import java.util.Objects;

/**
 * Modifiers of a binary operation: {@code bool}, vector matching ({@code on(..)} when {@code on}, otherwise
 * {@code ignoring(..)}) and many-to-one / one-to-many matching with extra {@code include} labels.
 */
public record BinaryModifier(
    boolean returnBool,
    boolean on,
    List<String> matchingLabels,
    Cardinality cardinality,
    List<String> include) {

  /** No modifier: one-to-one matching on all labels. */
  public static final BinaryModifier NONE =
      new BinaryModifier(false, false, List.of(), Cardinality.ONE_TO_ONE, List.of());

  /** Vector matching cardinality. */
  public enum Cardinality {
    ONE_TO_ONE,
    /** {@code group_left}. */
    MANY_TO_ONE,
    /** {@code group_right}. */
    ONE_TO_MANY
  }

  public BinaryModifier {
    matchingLabels = List.copyOf(matchingLabels);
    Objects.requireNonNull(cardinality, "cardinality");
    include = List.copyOf(include);
    if (cardinality == Cardinality.ONE_TO_ONE && !include.isEmpty()) {
      throw new IllegalArgumentException("include labels need group_left or group_right");
    }
  }

  /** Just {@code bool}. */
  public static BinaryModifier returningBool() {
    return new BinaryModifier(true, false, List.of(), Cardinality.ONE_TO_ONE, List.of());
  }
}
