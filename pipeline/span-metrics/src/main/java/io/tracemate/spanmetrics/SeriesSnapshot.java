package io.tracemate.spanmetrics;

import io.prometheus.metrics.model.snapshots.Labels;

/**
 * A consistent copy of one series: calls, duration sum, per-bucket (not cumulative) counts with +Inf last, the
 * latest exemplar per bucket (null where none) and the latest exemplar overall (for the calls counter).
 */
record SeriesSnapshot(
    Labels labels,
    long calls,
    double sum,
    long[] bucketCounts,
    ExemplarSample[] bucketExemplars,
    ExemplarSample latest) {

  /** The same figures under other labels (a tenant's label added). */
  SeriesSnapshot withLabels(Labels other) {
    return new SeriesSnapshot(other, calls, sum, bucketCounts, bucketExemplars, latest);
  }

  /** Sums two snapshots with the same labels (series that differ only in an excluded dimension). */
  SeriesSnapshot merge(SeriesSnapshot other) {
    long[] counts = bucketCounts.clone();
    ExemplarSample[] exemplars = bucketExemplars.clone();
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.bucketCounts[i];
      exemplars[i] = newer(exemplars[i], other.bucketExemplars[i]);
    }
    return new SeriesSnapshot(
        labels,
        calls + other.calls,
        sum + other.sum,
        counts,
        exemplars,
        newer(latest, other.latest));
  }

  private static ExemplarSample newer(ExemplarSample a, ExemplarSample b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return b.timestampMillis() > a.timestampMillis() ? b : a;
  }
}
