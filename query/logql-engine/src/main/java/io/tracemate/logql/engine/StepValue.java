package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;
import java.util.List;
import java.util.Map;

/** What a metric sub-expression evaluates to over a group of steps. */
sealed interface StepValue {
  /** One number per step. */
  record Scalars(double[] values) implements StepValue {}

  /** One vector per step: label set → value (insertion order kept for sort/sort_desc). */
  record Vectors(List<Map<LabelSet, Double>> steps) implements StepValue {}
}
