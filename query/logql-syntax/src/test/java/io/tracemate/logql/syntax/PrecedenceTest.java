package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logql.syntax.SampleExpr.BinaryOperation;
import io.tracemate.logql.syntax.SampleExpr.Literal;
import io.tracemate.logql.syntax.SampleExpr.VectorLiteral;
import io.tracemate.querysupport.BinaryOp;
import io.tracemate.querysupport.MatchType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Operator precedence and associativity, checked on trees, and the printer's parentheses for built trees. */
class PrecedenceTest {

  private static SampleExpr bin(BinaryOp op, SampleExpr left, SampleExpr right) {
    return new BinaryOperation(op, left, right);
  }

  private static SampleExpr lit(double value) {
    return new Literal(value);
  }

  private static SampleExpr vec(double value) {
    return new VectorLiteral(value);
  }

  @Test
  void multiplicationBindsTighterThanAddition() {
    assertThat(LogQL.parse("1 + 2 * 3"))
        .isEqualTo(bin(BinaryOp.ADD, lit(1), bin(BinaryOp.MUL, lit(2), lit(3))));
    assertThat(LogQL.parse("1 * 2 + 3"))
        .isEqualTo(bin(BinaryOp.ADD, bin(BinaryOp.MUL, lit(1), lit(2)), lit(3)));
  }

  @Test
  void powerIsRightAssociativeAndBindsTightest() {
    assertThat(LogQL.parse("2 ^ 3 ^ 2"))
        .isEqualTo(bin(BinaryOp.POW, lit(2), bin(BinaryOp.POW, lit(3), lit(2))));
    assertThat(LogQL.parse("2 * 3 ^ 2"))
        .isEqualTo(bin(BinaryOp.MUL, lit(2), bin(BinaryOp.POW, lit(3), lit(2))));
    // As in Loki, the sign belongs to the number literal: (-2) ^ 2.
    assertThat(LogQL.parse("-2 ^ 2")).isEqualTo(bin(BinaryOp.POW, lit(-2), lit(2)));
  }

  @Test
  void sameLevelOperatorsAreLeftAssociative() {
    assertThat(LogQL.parse("10 - 3 - 2"))
        .isEqualTo(bin(BinaryOp.SUB, bin(BinaryOp.SUB, lit(10), lit(3)), lit(2)));
    assertThat(LogQL.parse("8 / 4 % 3 * 2"))
        .isEqualTo(
            bin(
                BinaryOp.MUL,
                bin(BinaryOp.MOD, bin(BinaryOp.DIV, lit(8), lit(4)), lit(3)),
                lit(2)));
    assertThat(LogQL.parse("vector(1) and vector(2) unless vector(3)"))
        .isEqualTo(bin(BinaryOp.UNLESS, bin(BinaryOp.AND, vec(1), vec(2)), vec(3)));
  }

  @Test
  void comparisonsBindLooserThanArithmeticAndTighterThanSetOperators() {
    assertThat(LogQL.parse("vector(1) > bool 2 + 3"))
        .isEqualTo(
            new BinaryOperation(
                BinaryOp.GREATER,
                vec(1),
                bin(BinaryOp.ADD, lit(2), lit(3)),
                BinaryModifier.returningBool()));
    assertThat(LogQL.parse("vector(1) or vector(2) and vector(3) > 1"))
        .isEqualTo(
            bin(
                BinaryOp.OR,
                vec(1),
                bin(BinaryOp.AND, vec(2), bin(BinaryOp.GREATER, vec(3), lit(1)))));
  }

  @Test
  void parenthesesOverridePrecedence() {
    assertThat(LogQL.parse("(1 + 2) * 3"))
        .isEqualTo(bin(BinaryOp.MUL, bin(BinaryOp.ADD, lit(1), lit(2)), lit(3)));
    assertThat(LogQL.parse("(vector(1) or vector(2)) and vector(3)"))
        .isEqualTo(bin(BinaryOp.AND, bin(BinaryOp.OR, vec(1), vec(2)), vec(3)));
  }

  @Test
  void printerAddsOnlyTheParenthesesTheTreeNeeds() {
    List<SampleExpr> trees =
        List.of(
            bin(BinaryOp.SUB, lit(1), bin(BinaryOp.SUB, lit(2), lit(3))),
            bin(BinaryOp.POW, bin(BinaryOp.POW, lit(2), lit(3)), lit(2)),
            bin(BinaryOp.MUL, bin(BinaryOp.ADD, lit(1), lit(2)), bin(BinaryOp.DIV, lit(3), lit(4))),
            bin(BinaryOp.AND, vec(1), bin(BinaryOp.OR, vec(2), vec(3))),
            bin(BinaryOp.ADD, lit(-0.0), lit(1e300)));
    assertThat(trees)
        .extracting(Object::toString)
        .containsExactly(
            "1 - (2 - 3)",
            "(2 ^ 3) ^ 2",
            "(1 + 2) * (3 / 4)",
            "vector(1) and (vector(2) or vector(3))",
            "-0 + 1.0E300");
    for (SampleExpr tree : trees) {
      assertThat(LogQL.parse(tree.toString())).isEqualTo(tree);
    }
  }

  @Test
  void labelFilterPrinterKeepsRightNestedAndGrouping() {
    LabelFilter a = new LabelFilter.NumericCompare("a", ComparisonOp.EQUAL, 1);
    LabelFilter b = new LabelFilter.NumericCompare("b", ComparisonOp.EQUAL, 2);
    LabelFilter c = new LabelFilter.NumericCompare("c", ComparisonOp.EQUAL, 3);
    LogSelectorExpr expr =
        new LogSelectorExpr(
            List.of(new LabelMatcher("app", MatchType.EQUAL, "x")),
            List.of(
                new PipelineStage.LabelFilterStage(
                    new LabelFilter.And(a, new LabelFilter.And(b, c))),
                new PipelineStage.LabelFilterStage(
                    new LabelFilter.And(new LabelFilter.Or(a, b), c))));
    assertThat(expr)
        .hasToString("{app=\"x\"} | a==1 and (b==2 and c==3) | (a==1 or b==2) and c==3");
    assertThat(LogQL.parse(expr.toString())).isEqualTo(expr);
  }
}
