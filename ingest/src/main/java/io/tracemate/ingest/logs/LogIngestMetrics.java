package io.tracemate.ingest.logs;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.ingest.wal.WalObserver;
import io.tracemate.ingest.wal.WriteAheadLog;
import java.util.function.LongSupplier;

/** The log ingest path's metrics: its own WAL, the store writes, refusals. */
final class LogIngestMetrics implements WalObserver {
  private final Counter walBytes;
  private final Histogram walFsync;
  private final Histogram storeWrite;
  private final Counter storeWriteFailures;
  private final Counter rejected;
  private final Counter storedLines;
  private final Counter replayedRecords;
  private final Counter replaySkippedRecords;

  LogIngestMetrics(PrometheusRegistry registry, LongSupplier queuedBytes, LongSupplier walBytesOnDisk) {
    walBytes = Counter.builder().name("tracemate_log_wal_written_bytes_total")
        .help("Bytes appended to the log write-ahead log").register(registry);
    walFsync = Histogram.builder().name("tracemate_log_wal_fsync_duration_seconds")
        .help("Latency of one log WAL group commit's fsync").unit(null)
        .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
        .register(registry);
    storeWrite = Histogram.builder().name("tracemate_log_store_write_duration_seconds")
        .help("Latency of one batch written to the log store").register(registry);
    storeWriteFailures = Counter.builder().name("tracemate_log_store_write_failures_total")
        .help("Log store writes that failed and were retried (the lines stay in the WAL)").register(registry);
    rejected = Counter.builder().name("tracemate_log_ingest_rejected_bytes_total")
        .help("Line bytes refused because the log ingest queue was full or the server was stopping")
        .labelNames("reason").register(registry);
    storedLines = Counter.builder().name("tracemate_log_stored_lines_total")
        .help("Log lines written to the log store").register(registry);
    GaugeWithCallback.builder().name("tracemate_log_ingest_queue_bytes")
        .help("Line bytes durable in the log WAL and waiting for the log store")
        .callback(cb -> cb.call(queuedBytes.getAsLong())).register(registry);
    GaugeWithCallback.builder().name("tracemate_log_wal_size_bytes")
        .help("Bytes in log write-ahead-log segment files").callback(cb -> cb.call(walBytesOnDisk.getAsLong()))
        .register(registry);
    replayedRecords = Counter.builder().name("tracemate_log_wal_replayed_records")
        .help("Log write-ahead-log records replayed into the log store at start-up").register(registry);
    replaySkippedRecords = Counter.builder().name("tracemate_log_wal_replay_skipped_records")
        .help("Log write-ahead-log records found at start-up that the log store already held, not replayed"
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
    walFsync.observe(fsyncNanos / 1e9);
  }

  void storeWrite(long nanos, long lines) {
    storeWrite.observe(nanos / 1e9);
    storedLines.inc(lines);
  }

  void storeWriteFailed() {
    storeWriteFailures.inc();
  }

  void rejected(String reason, long bytes) {
    rejected.labelValues(reason).inc(bytes);
  }
}
