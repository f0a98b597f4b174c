package io.tracemate.ingest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.ingest.wal.WalObserver;
import io.tracemate.ingest.wal.WriteAheadLog;
import java.util.function.LongSupplier;

/** The ingest path's Prometheus metrics, registered into the registry the server exposes on /metrics. */
final class IngestMetrics implements WalObserver {
  private final Counter walBytes;
  private final Counter walRecords;
  private final Histogram walFsync;
  private final Histogram walGroupRecords;
  private final Histogram storeWrite;
  private final Counter storeWriteFailures;
  private final Counter rejected;
  private final Counter replayedRecords;
  private final Counter replaySkippedRecords;

  IngestMetrics(PrometheusRegistry registry, LongSupplier queuedSpans, long capacity, LongSupplier walBytesOnDisk,
      LongSupplier walSegments, LongSupplier walCheckpoint) {
    walBytes = Counter.builder().name("tracemate_wal_written_bytes_total")
        .help("Bytes appended to the write-ahead log").register(registry);
    walRecords = Counter.builder().name("tracemate_wal_records_total")
        .help("Records appended to the write-ahead log").register(registry);
    walFsync = Histogram.builder().name("tracemate_wal_fsync_duration_seconds")
        .help("Latency of one group commit's fsync").unit(null)
        .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
        .register(registry);
    walGroupRecords = Histogram.builder().name("tracemate_wal_group_commit_records")
        .help("Records made durable by one fsync")
        .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024).register(registry);
    storeWrite = Histogram.builder().name("tracemate_store_write_duration_seconds")
        .help("Latency of one batch written to the span store").register(registry);
    storeWriteFailures = Counter.builder().name("tracemate_store_write_failures_total")
        .help("Store writes that failed and were retried (the spans stay in the WAL)").register(registry);
    rejected = Counter.builder().name("tracemate_ingest_rejected_spans_total")
        .help("Spans refused because the ingest queue was full or the server was stopping")
        .labelNames("reason").register(registry);
    GaugeWithCallback.builder().name("tracemate_ingest_queue_spans")
        .help("Spans durable in the WAL and waiting to be written to the store")
        .callback(cb -> cb.call(queuedSpans.getAsLong())).register(registry);
    GaugeWithCallback.builder().name("tracemate_ingest_queue_capacity_spans")
        .help("Most spans the ingest queue holds before refusing requests")
        .callback(cb -> cb.call(capacity)).register(registry);
    GaugeWithCallback.builder().name("tracemate_wal_size_bytes")
        .help("Bytes in write-ahead-log segment files").callback(cb -> cb.call(walBytesOnDisk.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder().name("tracemate_wal_segments")
        .help("Write-ahead-log segment files").callback(cb -> cb.call(walSegments.getAsLong()))
        .register(registry);
    GaugeWithCallback.builder().name("tracemate_wal_checkpoint_sequence")
        .help("Highest write-ahead-log sequence durably applied (in the store, or decided by the sampler):"
            + " a restart replays only records above it")
        .callback(cb -> cb.call(walCheckpoint.getAsLong())).register(registry);
    replayedRecords = Counter.builder().name("tracemate_wal_replayed_records")
        .help("Write-ahead-log records replayed into the store at start-up (not applied before the stop)")
        .register(registry);
    replaySkippedRecords = Counter.builder().name("tracemate_wal_replay_skipped_records")
        .help("Write-ahead-log records found at start-up that were applied before the stop and not replayed"
            + " (records in segments skipped whole are not counted)")
        .register(registry);
  }

  void replayed(WriteAheadLog.ReplaySummary summary) {
    replayedRecords.inc(summary.replayedRecords());
    replaySkippedRecords.inc(summary.skippedRecords());
  }

  @Override
  public void committed(int records, long bytes, long fsyncNanos) {
    walBytes.inc(bytes);
    walRecords.inc(records);
    walFsync.observe(fsyncNanos / 1e9);
    walGroupRecords.observe(records);
  }

  void storeWrite(long nanos) {
    storeWrite.observe(nanos / 1e9);
  }

  void storeWriteFailed() {
    storeWriteFailures.inc();
  }

  void rejected(String reason, int spans) {
    rejected.labelValues(reason).inc(spans);
  }
}
