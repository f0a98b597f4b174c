package io.tracemate.queue.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.LogBatch;
import io.tracemate.component.Refusal;
import io.tracemate.logs.LogWriter;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.queue.DurableQueue;
import io.tracemate.queue.QueueMetrics;
import io.tracemate.queue.QueueSettings;
import io.tracemate.queue.TestMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogQueueTest {
  @TempDir Path dir;

  /**
   * A store whose "disk" is the {@code durable} list: flush moves what was written there and records the
   * sequence, as a real store persists both together.
   */
  static final class RecordingLogWriter implements LogWriter {
    final List<String> durable = new CopyOnWriteArrayList<>();
    final List<String> buffered = new ArrayList<>();
    volatile long persisted;
    volatile long lastWritten;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public synchronized void write(long walSequence, String tenant, List<LogStream> streams) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (LogStream stream : streams) {
        for (LogEntry entry : stream.entries()) {
          buffered.add(
              tenant
                  + " "
                  + stream.labels()
                  + " "
                  + entry.timestampNanos()
                  + " "
                  + entry.line()
                  + " "
                  + entry.metadata());
        }
      }
      lastWritten = walSequence;
    }

    @Override
    public synchronized void flush() {
      durable.addAll(buffered);
      buffered.clear();
      persisted = Math.max(persisted, lastWritten);
    }

    @Override
    public long persistedSequence() {
      return persisted;
    }

    /** What survives a crash: the durable part only. */
    RecordingLogWriter afterCrash() {
      RecordingLogWriter next = new RecordingLogWriter();
      next.durable.addAll(durable);
      next.persisted = persisted;
      return next;
    }
  }

  private static List<LogStream> push(String app, int first, int count) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      entries.add(
          new LogEntry(
              1_000L + i,
              "line " + i + " ünïcode",
              LabelSet.of(LogEntry.TRACE_ID, String.format("%032x", i))));
    }
    return List.of(new LogStream(LabelSet.of("app", app, "level", "info"), entries));
  }

  private DurableQueue<LogBatch> open(LogWriter writer, long maxQueuedBytes) throws Exception {
    return open(writer, maxQueuedBytes, new PrometheusRegistry());
  }

  private DurableQueue<LogBatch> open(
      LogWriter writer, long maxQueuedBytes, PrometheusRegistry registry) throws Exception {
    return DurableQueue.open(
        dir.resolve("log-wal"),
        new QueueSettings(maxQueuedBytes, 1L << 20, Duration.ofHours(1), 64L << 20, 1L << 30),
        Duration.ofSeconds(2),
        LogQueueBinding.of(writer),
        new QueueMetrics(registry));
  }

  private static void accept(DurableQueue<LogBatch> queue, String tenant, List<LogStream> streams)
      throws Exception {
    queue.consume(new LogBatch(tenant, streams)).get(5, TimeUnit.SECONDS);
  }

  @Test
  void acknowledgedLinesReachTheStoreWithEveryField() throws Exception {
    RecordingLogWriter writer = new RecordingLogWriter();
    List<String> published = new CopyOnWriteArrayList<>();
    try (DurableQueue<LogBatch> queue =
        DurableQueue.open(
            dir.resolve("log-wal"),
            QueueSettings.LOGS,
            Duration.ofSeconds(1),
            LogQueueBinding.of(writer)
                .withOnDurable(
                    batch -> published.add(batch.tenant() + ":" + batch.streams().size())),
            new QueueMetrics(new PrometheusRegistry()))) {
      accept(queue, "team-a", push("checkout", 0, 2));
      accept(queue, "team-b", push("billing", 2, 1));
    }
    assertThat(writer.durable)
        .containsExactly(
            "team-a {app=\"checkout\", level=\"info\"} 1000 line 0 ünïcode {trace_id=\""
                + "0".repeat(32)
                + "\"}",
            "team-a {app=\"checkout\", level=\"info\"} 1001 line 1 ünïcode {trace_id=\""
                + "0".repeat(31)
                + "1\"}",
            "team-b {app=\"billing\", level=\"info\"} 1002 line 2 ünïcode {trace_id=\""
                + "0".repeat(31)
                + "2\"}");
    assertThat(published).containsExactly("team-a:1", "team-b:1");
  }

  @Test
  void aCrashLosesNothingAcknowledgedAndReplaysNothingTwice() throws Exception {
    RecordingLogWriter writer = new RecordingLogWriter();
    DurableQueue<LogBatch> first = open(writer, 1 << 20);
    accept(first, "fake", push("a", 0, 3));
    first.flush();
    writer.gate = new CountDownLatch(1);
    accept(first, "fake", push("a", 3, 2));
    accept(first, "fake", push("a", 5, 1));
    // Crash: the store holds only what the flush made durable; the first instance is abandoned,
    // never closed.
    RecordingLogWriter restarted = writer.afterCrash();
    assertThat(restarted.durable).hasSize(3);

    PrometheusRegistry registry = new PrometheusRegistry();
    try (DurableQueue<LogBatch> second = open(restarted, 1 << 20, registry)) {
      assertThat(restarted.durable).hasSize(6);
      assertThat(TestMetrics.value(registry, "tracemate_wal_replayed_records_total", "logs"))
          .isEqualTo(2);
      assertThat(TestMetrics.value(registry, "tracemate_wal_replay_skipped_records_total", "logs"))
          .as("record 1, in the same segment, checked but not decoded")
          .isEqualTo(1);
      assertThat(restarted.durable)
          .extracting(l -> l.split(" ")[5])
          .containsExactly("0", "1", "2", "3", "4", "5");
      accept(second, "fake", push("a", 6, 1));
    }
    writer.gate.countDown();
    assertThat(restarted.durable).hasSize(7);

    // A clean restart replays nothing, and new records keep numbers above what the store already
    // has.
    RecordingLogWriter third = restarted.afterCrash();
    long persistedBefore = third.persisted;
    try (DurableQueue<LogBatch> again = open(third, 1 << 20)) {
      assertThat(third.durable).hasSize(7);
      accept(again, "fake", push("a", 7, 1));
      again.flush();
      assertThat(third.persisted).isGreaterThan(persistedBefore);
    }
    assertThat(third.durable).hasSize(8);
  }

  @Test
  void aFullQueueRefusesWithARetryHintAndKeepsWhatWasAccepted() throws Exception {
    RecordingLogWriter writer = new RecordingLogWriter();
    writer.gate = new CountDownLatch(1);
    try (DurableQueue<LogBatch> queue = open(writer, 4096)) {
      List<LogStream> big =
          List.of(
              new LogStream(LabelSet.of("app", "a"), List.of(new LogEntry(1, "x".repeat(3000)))));
      accept(queue, "fake", big);
      assertThatThrownBy(() -> accept(queue, "fake", big))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(Refusal.class)
          .hasMessageContaining("logs queue is full (4096 line bytes waiting for the store)");
      writer.gate.countDown();
    }
    assertThat(writer.durable).hasSize(1);
  }

  /**
   * Empty lines weigh nothing in line bytes, but each is a record on the heap: with the store stuck, pushes of them
   * are refused retryably once their estimated heap reaches max-queued-bytes, long before max-queued.
   */
  @Test
  void emptyLinesAreBoundedByTheirHeap() throws Exception {
    RecordingLogWriter writer = new RecordingLogWriter();
    writer.gate = new CountDownLatch(1);
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      entries.add(new LogEntry(i, ""));
    }
    List<LogStream> empty = List.of(new LogStream(LabelSet.of("app", "a"), entries));
    int accepted = 0;
    try (DurableQueue<LogBatch> queue =
        DurableQueue.open(
            dir.resolve("log-wal"),
            new QueueSettings(256L << 20, 1L << 20, Duration.ofHours(1), 64L << 20, 2L << 20),
            Duration.ofSeconds(2),
            LogQueueBinding.of(writer),
            new QueueMetrics(new PrometheusRegistry()))) {
      Throwable refusal = null;
      for (int i = 0; i < 10 && refusal == null; i++) {
        try {
          accept(queue, "fake", empty);
          accepted++;
        } catch (ExecutionException refused) {
          refusal = refused.getCause();
        }
      }

      assertThat(accepted).isBetween(1, 3);
      assertThat(refusal)
          .isInstanceOf(Refusal.class)
          .hasMessageContaining("logs queue is full (2097152 bytes of heap");
      assertThat(queue.queuedWeight()).isLessThanOrEqualTo(1024L * accepted);
      writer.gate.countDown();
    }
    assertThat(writer.durable).hasSize(accepted * 20_000);
  }

  @Test
  void walRecordsRoundTripEveryField() {
    List<LogStream> streams =
        List.of(
            new LogStream(
                LabelSet.of("app", "x", "env", "prod"),
                List.of(
                    new LogEntry(Long.MAX_VALUE, "", LabelSet.EMPTY),
                    new LogEntry(
                        -5,
                        "multi\nline \"quoted\" 日本語 " + "y".repeat(70_000),
                        LabelSet.of("span_id", "00f067aa0ba902b7", "user", "42")))),
            new LogStream(LabelSet.EMPTY, List.of()));
    LogBatch batch = LogWalCodec.decode(LogWalCodec.encode(new LogBatch("tenant-ü", streams)));
    assertThat(batch.tenant()).isEqualTo("tenant-ü");
    assertThat(batch.streams()).isEqualTo(streams);
    assertThatThrownBy(() -> LogWalCodec.decode(new byte[] {1, 0, 0, 0, 9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated log WAL record");
  }

  @Test
  void aReadWaitsForTheLinesAcknowledgedBeforeItUntilTheStoreHasThem() throws Exception {
    RecordingLogWriter writer = new RecordingLogWriter();
    try (DurableQueue<LogBatch> queue = open(writer, 1L << 20)) {
      assertThat(queue.awaitAcknowledgedStored(Duration.ZERO))
          .as("nothing acknowledged: nothing to wait for")
          .isTrue();
      writer.gate = new CountDownLatch(1); // the applier is stuck in the store's write
      accept(queue, "fake", push("api", 0, 2));

      assertThat(queue.awaitAcknowledgedStored(Duration.ofMillis(100)))
          .as("the store does not have it yet: the wait gives up at its bound")
          .isFalse();
      Thread.ofPlatform().start(() -> writer.gate.countDown());
      assertThat(queue.awaitAcknowledgedStored(Duration.ofSeconds(10)))
          .as("woken when the applier wrote it")
          .isTrue();
      assertThat(writer.buffered).hasSize(2);
    }
  }
}
