package io.tracemate.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelSet;
import io.tracemate.logs.LogEntry;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.LogStream;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.store.corpus.LogCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract with tiny chunks (1 KiB), so every test crosses chunk boundaries, heads and partitions; plus what
 * only the embedded store promises: crash consistency, head age, compression on realistic logs.
 */
class EmbeddedLogStoreTest extends LogStoreContractTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  private EmbeddedLogStoreConfig config(Path dir) {
    return EmbeddedLogStoreConfig.defaults(dir).withChunkTargetBytes(1024);
  }

  @Override
  protected LogStore open(Path dir) {
    return EmbeddedLogStore.open(config(dir), clock);
  }

  /** Copies the data directory while the store is open: what a kill -9 (with the page cache kept) leaves. */
  private static Path crashCopy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }

  @Test
  void crashKeepsExactlyWhatWasFlushed() throws IOException {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    List<LogEntry> flushed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      LogEntry entry = entry(T0 + i, "flushed " + i + " " + "f".repeat(60));
      flushed.add(entry);
      write(store, i + 1, TENANT, labels, entry);
    }
    store.writer().flush();
    // Enough after the flush to cut chunks and add a stream, a partition and head entries, none of it flushed.
    for (int i = 0; i < 40; i++) {
      write(store, 100 + i, TENANT, labels, entry(T0 + 100 + i, "unflushed " + i + " " + "u".repeat(60)));
      write(store, 200 + i, TENANT, LabelSet.of("app", "new"), entry(T0 + 3 * HOUR + i, "new stream " + i));
    }

    Path copy = crashCopy(dir, Files.createTempDirectory(dir.getParent(), "crash"));
    try (LogStore recovered = EmbeddedLogStore.open(config(copy), clock)) {
      assertThat(recovered.writer().persistedSequence()).isEqualTo(40);
      assertThat(read(recovered, all(TENANT))).containsExactlyElementsOf(flushed);
      assertThat(recovered.reader().labelValues(all(TENANT), "app")).containsExactly("a");
      assertThat(recovered.stats().entries()).isEqualTo(40);
      // Replaying the WAL above the persisted sequence continues where the store left off.
      write(recovered, 41, TENANT, labels, entry(T0 + 41, "replayed"));
      recovered.writer().flush();
      assertThat(read(recovered, all(TENANT))).hasSize(41);
    } finally {
      StoreWriter.deleteRecursively(copy);
    }
  }

  @Test
  void headsSurviveThroughTheJournalAndCutsAreNotReplayedTwice() throws IOException {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      // 300 bytes per round: the head is cut every fourth round, in between it lives in the journal only.
      for (int i = 0; i < 3; i++) {
        String line = "round " + round + " entry " + i + " " + "h".repeat(80);
        expected.add(line);
        write(store, round * 10 + i + 1, TENANT, labels, entry(T0 + round * 10 + i, line));
      }
      store.writer().flush();
      Path copy = crashCopy(dir, Files.createTempDirectory(dir.getParent(), "journal"));
      try (LogStore recovered = EmbeddedLogStore.open(config(copy), clock)) {
        assertThat(read(recovered, all(TENANT))).extracting(LogEntry::line).containsExactlyElementsOf(expected);
      } finally {
        StoreWriter.deleteRecursively(copy);
      }
    }
  }

  @Test
  void cutsHeadsOlderThanMaxHeadAge() {
    LogStore store = store();
    write(store, 1, TENANT, LabelSet.of("app", "a"), entry(T0, "small"));
    store.writer().flush();
    assertThat(store.stats().chunks()).isZero();
    clock.advance(EmbeddedLogStoreConfig.DEFAULT_MAX_HEAD_AGE.minusSeconds(1));
    store.writer().flush();
    assertThat(store.stats().chunks()).isZero();
    clock.advance(Duration.ofSeconds(1));
    store.writer().flush();
    assertThat(store.stats().chunks()).isEqualTo(1);
    assertThat(read(store, all(TENANT))).extracting(LogEntry::line).containsExactly("small");
  }

  @Test
  void rejectsAnotherPartitionDurationForAnExistingDirectory() {
    LogStore store = store();
    write(store, 1, TENANT, LabelSet.of("app", "a"), entry(T0, "x"));
    store.close();
    assertThatThrownBy(() -> EmbeddedLogStore.open(config(dir).withPartitionDuration(Duration.ofHours(2)), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition_duration")
        .hasMessageContaining("PT1H");
  }

  @Test
  void scanStatsCountChunksAndLines() {
    LogStore store = store();
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      entries.add(entry(T0 + i, "line " + i + " " + "s".repeat(93))); // 100 bytes, 101 from line 10 on
    }
    store.writer().write(1, TENANT, List.of(new LogStream(LabelSet.of("app", "a"), entries)));
    store.writer().flush();
    ScanStats stats = new ScanStats();
    var ref = store.reader().streams(all(TENANT)).get(0);
    try (var cursor = store.reader().entries(all(TENANT), ref, Direction.FORWARD, List.of("line 7 "), stats)) {
      assertThat(cursor).toIterable().extracting(LogEntry::line).containsExactly("line 7 " + "s".repeat(93));
    }
    // One write of 3,000 bytes is cut into one chunk: every line of it is decoded once.
    assertThat(stats.chunks()).isEqualTo(1);
    assertThat(stats.lines()).isEqualTo(30);
    assertThat(stats.bytes()).isEqualTo(10 * 100 + 20 * 101);
    assertThat(stats.streams()).isEqualTo(1);
  }

  @Test
  void compressesRealisticLogsBelow300BytesPerLine() throws IOException {
    EmbeddedLogStoreConfig config = EmbeddedLogStoreConfig.defaults(dir);
    LogCorpus corpus = new LogCorpus(7, 10, T0, 5_000_000L);
    try (LogStore store = EmbeddedLogStore.open(config, clock)) {
      long sequence = 0;
      while (corpus.generatedBytes() < (24 << 20)) {
        store.writer().write(++sequence, TENANT, corpus.next(1000));
      }
      store.writer().flush();
      long lines = corpus.generatedLines();
      long chunkAndIndexBytes = 0;
      long chunkedEntries = store.stats().entries();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = file.getFileName().toString();
          if (name.equals(Partition.CHUNKS) || name.equals(Partition.INDEX)) {
            chunkAndIndexBytes += Files.size(file);
          }
        }
      }
      long headEntries = 0;
      for (var partition : ((EmbeddedLogStore) store).partitions()) {
        for (PartitionStream stream : partition.streams()) {
          headEntries += stream.snapshot().headSize();
        }
      }
      double bytesPerLine = chunkAndIndexBytes / (double) (chunkedEntries - headEntries);
      double averageLine = corpus.generatedBytes() / (double) lines;
      assertThat(averageLine).isBetween(800.0, 950.0);
      assertThat(bytesPerLine).isLessThan(300);
    }
  }
}
