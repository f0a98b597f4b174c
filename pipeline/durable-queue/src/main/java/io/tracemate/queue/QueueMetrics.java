package io.tracemate.queue;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.Batch;
import io.tracemate.queue.wal.WalObserver;
import io.tracemate.queue.wal.WriteAheadLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;

/**
 * The durable queues' Prometheus metrics: one family set for every queue, told apart by the {@code signal} label
 * ({@code traces}, {@code logs}). Names are a contract with dashboards:
 *
 * <ul>
 *   <li>{@code tracemate_queue_size}, {@code tracemate_queue_capacity}: what is acknowledged and not yet in the
 *       store, and the bound, in the queue's unit (spans for traces, line bytes for logs);
 *   <li>{@code tracemate_queue_heap_bytes}, {@code tracemate_queue_heap_limit_bytes}: the estimated heap of what
 *       waits for the store, and its bound ({@code max-queued-bytes});
 *   <li>{@code tracemate_queue_refused_total{signal,reason}}: refused in the same unit, {@code reason}
 *       {@code queue_full} (the unit's bound), {@code memory_full} (the heap bound), {@code shutting_down} or
 *       {@code wal_write_failed} (a full or failing disk: nothing acknowledged, the client retries);
 *   <li>{@code tracemate_queue_stored_items_total}: spans or log lines written to the store;
 *   <li>{@code tracemate_store_write_duration_seconds}, {@code tracemate_store_write_failures_total} (retried;
 *       the data stays in the log);
 *   <li>{@code tracemate_wal_written_bytes_total}, {@code tracemate_wal_records_total},
 *       {@code tracemate_wal_fsync_duration_seconds}, {@code tracemate_wal_group_commit_records},
 *       {@code tracemate_wal_size_bytes}, {@code tracemate_wal_segments}, {@code tracemate_wal_checkpoint_sequence},
 *       and what the last start did: {@code tracemate_wal_replayed_records_total},
 *       {@code tracemate_wal_replay_skipped_records_total}, {@code tracemate_wal_damaged_bytes_total},
 *       {@code tracemate_wal_lost_records_total}, {@code tracemate_wal_torn_tail_bytes_total}.
 * </ul>
 *
 * <p>Create one instance per registry (registering twice fails) and give it to every queue. Thread-safe.
 */
public final class QueueMetrics {
  private final Counter walBytes;
  private final Counter walRecords;
  private final Histogram walFsync;
  private final Histogram walGroupRecords;
  private final Histogram storeWrite;
  private final Counter storeWriteFailures;
  private final Counter storedItems;
  private final Counter refused;
  private final Counter replayedRecords;
  private final Counter replaySkippedRecords;
  private final Counter damagedBytes;
  private final Counter lostRecords;
  private final Counter tornTailBytes;
  private final List<Registered> queues = new CopyOnWriteArrayList<>();

  /** What the gauges read from a queue at scrape time. */
  interface Gauges {
    long queued();

    long capacity();

    long heapBytes();

    long heapCapacity();

    long walBytes();

    long walSegments();

    long walCheckpoint();
  }

  private record Registered(String signal, Gauges gauges) {}

  public QueueMetrics(PrometheusRegistry registry) {
    walBytes =
        counter(
            registry, "tracemate_wal_written_bytes_total", "Bytes appended to the write-ahead log");
    walRecords =
        counter(registry, "tracemate_wal_records_total", "Records appended to the write-ahead log");
    walFsync =
        Histogram.builder()
            .name("tracemate_wal_fsync_duration_seconds")
            .help("Latency of one group commit's fsync")
            .unit(null)
            .labelNames("signal")
            .classicUpperBounds(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1)
            .register(registry);
    walGroupRecords =
        Histogram.builder()
            .name("tracemate_wal_group_commit_records")
            .help("Records made durable by one fsync")
            .labelNames("signal")
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 1024)
            .register(registry);
    storeWrite =
        Histogram.builder()
            .name("tracemate_store_write_duration_seconds")
            .help("Latency of one write to the store")
            .labelNames("signal")
            .register(registry);
    storeWriteFailures =
        counter(
            registry,
            "tracemate_store_write_failures_total",
            "Store writes that failed and were retried (the data stays in the write-ahead log)");
    storedItems =
        counter(
            registry,
            "tracemate_queue_stored_items_total",
            "Spans (traces) or log lines (logs) written to the store");
    refused =
        Counter.builder()
            .name("tracemate_queue_refused_total")
            .help(
                "Refused because the queue was full or the server was stopping, in the queue's unit (spans for"
                    + " traces, line bytes for logs)")
            .labelNames("signal", "reason")
            .register(registry);
    replayedRecords =
        counter(
            registry,
            "tracemate_wal_replayed_records",
            "Write-ahead-log records replayed into the store at start-up (not applied before the stop)");
    replaySkippedRecords =
        counter(
            registry,
            "tracemate_wal_replay_skipped_records",
            "Write-ahead-log records found at start-up that were applied before the stop and not replayed"
                + " (records in segments skipped whole are not counted)");
    damagedBytes =
        counter(
            registry,
            "tracemate_wal_damaged_bytes",
            "Write-ahead-log bytes found damaged at start-up (no valid record, valid records after them: a"
                + " checksum caught damage on disk), set aside in the WAL's corrupt/ folder");
    lostRecords =
        counter(
            registry,
            "tracemate_wal_lost_records",
            "Acknowledged write-ahead-log records lost to damage found at start-up (the gaps in the sequence"
                + " around it); the records before and after it are replayed");
    tornTailBytes =
        counter(
            registry,
            "tracemate_wal_torn_tail_bytes",
            "Bytes after the last valid record of the write-ahead log at start-up: the write a crash cut short"
                + " (never acknowledged), set aside in the WAL's corrupt/ folder");
    gauge(
        registry,
        "tracemate_queue_size",
        "Acknowledged (durable in the write-ahead log) and waiting for the"
            + " store, in the queue's unit: spans for traces, line bytes for logs",
        Gauges::queued);
    gauge(
        registry,
        "tracemate_queue_capacity",
        "Most the queue holds before refusing, in the queue's unit",
        Gauges::capacity);
    gauge(
        registry,
        "tracemate_queue_heap_bytes",
        "Estimated heap held by what is acknowledged and waiting for the store",
        Gauges::heapBytes);
    gauge(
        registry,
        "tracemate_queue_heap_limit_bytes",
        "Most estimated heap the queue holds before refusing (max-queued-bytes)",
        Gauges::heapCapacity);
    gauge(
        registry,
        "tracemate_wal_size_bytes",
        "Bytes in write-ahead-log segment files",
        Gauges::walBytes);
    gauge(registry, "tracemate_wal_segments", "Write-ahead-log segment files", Gauges::walSegments);
    gauge(
        registry,
        "tracemate_wal_checkpoint_sequence",
        "Highest write-ahead-log sequence durably applied (in the"
            + " store, and not held by the sampler): a restart replays only records above it",
        Gauges::walCheckpoint);
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    return Counter.builder().name(name).help(help).labelNames("signal").register(registry);
  }

  private void gauge(
      PrometheusRegistry registry, String name, String help, ToLongFunction<Gauges> value) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("signal")
        .callback(
            cb -> {
              for (Registered queue : queues) {
                cb.call(value.applyAsLong(queue.gauges()), queue.signal());
              }
            })
        .register(registry);
  }

  /** The metrics of one queue; its gauges read {@code gauges} at every scrape. */
  Bound bind(String signal, Gauges gauges) {
    for (Registered queue : queues) {
      if (queue.signal().equals(signal)) {
        throw new IllegalStateException(
            "a " + signal + " queue is already registered with these metrics");
      }
    }
    queues.add(new Registered(signal, gauges));
    return new Bound(signal);
  }

  /** One queue's data points, bound to its label once (the log's writer thread calls them per group commit). */
  final class Bound implements WalObserver {
    private final String signal;
    private final CounterDataPoint walBytes;
    private final CounterDataPoint walRecords;
    private final DistributionDataPoint walFsync;
    private final DistributionDataPoint walGroupRecords;
    private final DistributionDataPoint storeWrite;
    private final CounterDataPoint storeWriteFailures;
    private final CounterDataPoint storedItems;

    private Bound(String signal) {
      this.signal = signal;
      this.walBytes = QueueMetrics.this.walBytes.labelValues(signal);
      this.walRecords = QueueMetrics.this.walRecords.labelValues(signal);
      this.walFsync = QueueMetrics.this.walFsync.labelValues(signal);
      this.walGroupRecords = QueueMetrics.this.walGroupRecords.labelValues(signal);
      this.storeWrite = QueueMetrics.this.storeWrite.labelValues(signal);
      this.storeWriteFailures = QueueMetrics.this.storeWriteFailures.labelValues(signal);
      this.storedItems = QueueMetrics.this.storedItems.labelValues(signal);
    }

    @Override
    public void committed(int records, long bytes, long fsyncNanos) {
      walBytes.inc(bytes);
      walRecords.inc(records);
      walFsync.observe(fsyncNanos / 1e9);
      walGroupRecords.observe(records);
    }

    void replayed(WriteAheadLog.ReplaySummary summary) {
      replayedRecords.labelValues(signal).inc(summary.replayedRecords());
      replaySkippedRecords.labelValues(signal).inc(summary.skippedRecords());
      damagedBytes.labelValues(signal).inc(summary.damagedBytes());
      lostRecords.labelValues(signal).inc(summary.lostRecords());
      tornTailBytes.labelValues(signal).inc(summary.tornTailBytes());
    }

    void stored(long nanos, List<? extends Batch> batches) {
      storeWrite.observe(nanos / 1e9);
      long items = 0;
      for (Batch batch : batches) {
        items += batch.items();
      }
      storedItems.inc(items);
    }

    void storeWriteFailed() {
      storeWriteFailures.inc();
    }

    void refused(String reason, long weight) {
      refused.labelValues(signal, reason).inc(weight);
    }
  }
}
