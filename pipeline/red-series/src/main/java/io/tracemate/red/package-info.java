/**
 * In-memory RED (rate, errors, duration) time series for the topology, the UI and alerting.
 *
 * <p>Design, for memory first: a series is identified by a {@link io.tracemate.red.SeriesKey} (sorted labels) and
 * holds two rings of slots: recent slots at a fixed resolution (15 s for the last hour by default) and roll-up
 * slots (5 min up to the retention, 24 h). Each observation is added to both, so the roll-up never lags and
 * needs no background job; queries read recent slots from the roll-up boundary on and roll-up slots before it.
 * A slot holds calls, errors, the exact duration sum and a sparse histogram over one fixed logarithmic bucket
 * set ({@link io.tracemate.red.LatencyBuckets}, 2 % relative accuracy from 1 µs to 10 min), so merging slots,
 * series and time ranges is an exact sum and quantiles of any merge keep the same error bound. Slots are
 * allocated on first use and hold only non-empty buckets; all but the newest two slots of a ring are sealed into
 * one byte array each (mostly one byte per bucket), reopened only for late spans. Measured after 24 h: ~35 KB
 * for a series at 0.2 calls/s, ~110 KB at 20 calls/s ({@link io.tracemate.red.RedSeriesStats#estimatedBytes()}).
 *
 * <p>Cardinality: at most {@code maxSeries} series; observations for further keys go to one overflow series
 * labelled {@code otel.metric.overflow="true"} (the OpenTelemetry Collector's convention). Series without data
 * within the retention are evicted.
 */
package io.tracemate.red;
