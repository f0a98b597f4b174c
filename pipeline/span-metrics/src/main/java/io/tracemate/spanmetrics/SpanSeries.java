package io.tracemate.spanmetrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.tracemate.red.SeriesKey;

/**
 * Cumulative calls and duration histogram of one label set, with the latest exemplar per bucket. Thread-safe:
 * a lock per series, held for a few increments.
 */
final class SpanSeries {
  final Labels labels;

  /** The internal RED series this one feeds; null for the overflow series, whose spans each carry their own. */
  final SeriesKey redKey;

  private long calls;
  private double sum;
  private final long[] bucketCounts;
  private final ExemplarSample[] bucketExemplars;
  private ExemplarSample latest;
  private long lastSeenMillis;
  private boolean retired;

  SpanSeries(Labels labels, SeriesKey redKey, int buckets) {
    this.labels = labels;
    this.redKey = redKey;
    this.bucketCounts = new long[buckets];
    this.bucketExemplars = new ExemplarSample[buckets];
  }

  /**
   * One span: its duration in the histogram's unit, its bucket, its exemplar (null when disabled), and the
   * clock's now. False when the series was retired meanwhile: the caller looks its identity up again.
   */
  synchronized boolean observe(double value, int bucket, ExemplarSample exemplar, long nowMillis) {
    if (retired) {
      return false;
    }
    lastSeenMillis = Math.max(lastSeenMillis, nowMillis);
    calls++;
    sum += value;
    bucketCounts[bucket]++;
    if (exemplar != null) {
      bucketExemplars[bucket] = exemplar;
      latest = exemplar;
    }
    return true;
  }

  /** Retires the series when it saw no span since {@code cutoffMillis}; true if it did (now or before). */
  synchronized boolean retireIfIdleSince(long cutoffMillis) {
    if (lastSeenMillis < cutoffMillis) {
      retired = true;
    }
    return retired;
  }

  /**
   * Hands each distinct exemplar of this series observed in {@code [fromMillis, toMillis]} to {@code sink}, under the
   * series' lock: the sink must only copy.
   */
  synchronized void exemplarsBetween(
      long fromMillis, long toMillis, java.util.function.Consumer<ExemplarSample> sink) {
    for (int i = 0; i < bucketExemplars.length; i++) {
      ExemplarSample exemplar = bucketExemplars[i];
      if (exemplar != null
          && exemplar.timestampMillis() >= fromMillis
          && exemplar.timestampMillis() <= toMillis) {
        sink.accept(exemplar);
      }
    }
    // The latest exemplar is always its own bucket's, so the buckets cover it.
  }

  synchronized SeriesSnapshot snapshot() {
    return new SeriesSnapshot(
        labels, calls, sum, bucketCounts.clone(), bucketExemplars.clone(), latest);
  }
}
