package io.tracemate.promql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Duration literals used as numbers print back as durations, sign included. */
class DurationLiteralPrintTest {

  /**
   * Found by fuzzing (seed {@code crash-negative-zero-duration.txt}): {@code -0s} is negative zero, but printed as
   * {@code 0s}, so the canonical form was another query ({@code 1 / -0s} is -Inf, {@code 1 / 0s} +Inf).
   */
  @Test
  void negativeZeroKeepsItsSign() {
    Expr expr = PromQL.parse("-0s");

    assertThat(expr.toString()).isEqualTo("-0s");
    assertThat(PromQL.parse(expr.toString())).isEqualTo(expr);
    assertThat(PromQL.parse("-5m").toString()).isEqualTo("-5m");
  }

  /** Found by fuzzing (seed {@code crash-long-duration-last-millisecond.txt}): the last millisecond was lost. */
  @Test
  void aLongDurationKeepsItsLastMillisecond() {
    Expr expr = PromQL.parse("topk(31y2w3d4h5m6s7ms, up)");

    assertThat(expr.toString()).isEqualTo("topk(11332d4h5m6s7ms, up)");
    assertThat(PromQL.parse(expr.toString())).isEqualTo(expr);
  }
}
