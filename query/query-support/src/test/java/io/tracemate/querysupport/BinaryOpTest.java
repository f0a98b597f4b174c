package io.tracemate.querysupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinaryOpTest {

  @Test
  void powerFollowsGoWhereJavaDiffers() {
    assertThat(BinaryOp.POW.arithmetic(1, Double.NaN)).isEqualTo(1);
    assertThat(BinaryOp.POW.arithmetic(Double.NaN, 0)).isEqualTo(1);
    assertThat(BinaryOp.POW.arithmetic(-1, Double.POSITIVE_INFINITY)).isEqualTo(1);
    assertThat(BinaryOp.POW.arithmetic(-1, Double.NEGATIVE_INFINITY)).isEqualTo(1);
    assertThat(BinaryOp.POW.arithmetic(2, 10)).isEqualTo(1024);
  }

  @Test
  void moduloKeepsTheDividendsSignAsGoesMathMod() {
    assertThat(BinaryOp.MOD.arithmetic(-7, 3)).isEqualTo(-1);
    assertThat(BinaryOp.MOD.arithmetic(7, -3)).isEqualTo(1);
  }

  @Test
  void betweenScalarsAComparisonIsOneOrZero() {
    assertThat(BinaryOp.GREATER.apply(2, 1)).isEqualTo(1);
    assertThat(BinaryOp.GREATER.apply(1, 2)).isZero();
    assertThat(BinaryOp.EQUAL.apply(Double.NaN, Double.NaN)).isZero();
    assertThat(BinaryOp.NOT_EQUAL.apply(Double.NaN, Double.NaN)).isEqualTo(1);
    assertThat(BinaryOp.ATAN2.apply(1, 1)).isEqualTo(Math.PI / 4);
    assertThat(BinaryOp.SUB.apply(1, 3)).isEqualTo(-2);
  }

  @Test
  void setOperatorsHaveNoScalarMeaning() {
    for (BinaryOp op : new BinaryOp[] {BinaryOp.AND, BinaryOp.OR, BinaryOp.UNLESS}) {
      assertThat(op.isSetOperator()).isTrue();
      assertThatThrownBy(() -> op.apply(1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void everyOperatorIsExactlyOneOfSetComparisonOrArithmetic() {
    for (BinaryOp op : BinaryOp.values()) {
      int kinds =
          (op.isSetOperator() ? 1 : 0) + (op.isComparison() ? 1 : 0) + (op.isArithmetic() ? 1 : 0);
      assertThat(kinds).as(op.name()).isEqualTo(1);
    }
    assertThatThrownBy(() -> BinaryOp.LESS.arithmetic(1, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinaryOp.ADD.compare(1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
