package io.tracemate.promql.engine;

import java.util.List;

/** What evaluating a node yields inside the engine; converted to a {@link QueryResult} at the end. */
sealed interface Value {

  /** An instant vector over the steps: each series has at most one point per step. */
  record VectorValue(List<StepSeries> series) implements Value {
    long samples() {
      long n = 0;
      for (StepSeries s : series) {
        n += s.size();
      }
      return n;
    }
  }

  /** A range vector at one evaluation time (a top-level matrix selector or subquery of an instant query). */
  record MatrixValue(List<StepSeries> series) implements Value {}

  /** A string. */
  record StringValue(String value) implements Value {}

  /** A scalar: one value at every step. */
  sealed interface ScalarValue extends Value {
    double at(int step);
  }

  /** The same value at every step (literals), without an array per step. */
  record ConstantScalar(double value) implements ScalarValue {
    @Override
    public double at(int step) {
      return value;
    }
  }

  /** A value per step. */
  record StepScalar(double[] values) implements ScalarValue {
    @Override
    public double at(int step) {
      return values[step];
    }
  }
}
