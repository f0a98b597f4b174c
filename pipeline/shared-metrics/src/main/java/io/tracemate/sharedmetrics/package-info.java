/**
 * Span metrics and the service graph shared between ingesters and queriers through Kafka.
 *
 * <p>Each ingester derives RED (rate, errors, duration) series from the partitions it consumes into exporting
 * {@link io.tracemate.red.RedSeriesStore}s, which keep only what was observed since the last export. At every offset
 * commit, {@link io.tracemate.sharedmetrics.MetricsOutbox} turns those slot deltas into records of the metrics topic,
 * which the ingester publishes in the transaction that commits the offsets. Every querier reads the whole topic
 * from its beginning ({@link io.tracemate.sharedmetrics.SharedMetricsReader}, committed transactions only) and adds
 * the deltas into its own stores, which the query code reads as it reads a single process's: slot deltas are exact
 * sums, so the querier holds what one store fed every span would hold.
 *
 * <p>The record format is {@link io.tracemate.sharedmetrics.DeltaRecord} as JSON (Jackson), one series' slots per
 * record, keyed by tenant, family and series.
 */
package io.tracemate.sharedmetrics;
