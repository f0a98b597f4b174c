package io.tracemate.red;

/**
 * Counters of a {@link RedSeriesStore}.
 *
 * @param series live series, the overflow series included
 * @param overflowedObservations observations recorded into {@link SeriesKey#OVERFLOW} because maxSeries was reached
 * @param rejectedObservations observations ignored because they were older than the retention or too far in the
 *     future
 * @param evictedSeries series dropped because nothing was recorded into them within the retention
 * @param estimatedBytes heap used by the slots and histograms (an estimate from object layouts, keys excluded)
 */
public record RedSeriesStats(
    int series,
    long overflowedObservations,
    long rejectedObservations,
    long evictedSeries,
    long estimatedBytes) {}
