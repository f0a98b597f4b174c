package io.tracemate.promql.engine;

import java.util.List;
import java.util.Objects;

/**
 * The result of a PromQL query, in Prometheus' four result types ({@code resultType} in the HTTP API): an instant
 * vector, a matrix (range queries, or a range vector from an instant query), a scalar or a string. Immutable.
 */
public sealed interface QueryResult {

  /** Prometheus' {@code resultType}: {@code vector}, {@code matrix}, {@code scalar} or {@code string}. */
  String resultType();

  /** An instant vector: one sample per series, in the order the query produced them (sort, topk keep theirs). */
  record Vector(List<Sample> samples) implements QueryResult {
    public Vector {
      samples = List.copyOf(samples);
    }

    @Override
    public String resultType() {
      return "vector";
    }
  }

  /** A matrix: series sorted by labels, each with its points in time order. */
  record Matrix(List<Series> series) implements QueryResult {
    public Matrix {
      series = List.copyOf(series);
    }

    @Override
    public String resultType() {
      return "matrix";
    }
  }

  /** A scalar at a time. */
  record Scalar(long timestampMillis, double value) implements QueryResult {
    @Override
    public String resultType() {
      return "scalar";
    }
  }

  /** A string at a time. */
  record StringValue(long timestampMillis, String value) implements QueryResult {
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String resultType() {
      return "string";
    }
  }

  /** One sample of an instant vector. */
  record Sample(Labels labels, long timestampMillis, double value) {
    public Sample {
      Objects.requireNonNull(labels, "labels");
    }
  }

  /** One point of a series. */
  record Point(long timestampMillis, double value) {}

  /** One series of a matrix. */
  record Series(Labels labels, List<Point> points) {
    public Series {
      Objects.requireNonNull(labels, "labels");
      points = List.copyOf(points);
    }
  }
}
