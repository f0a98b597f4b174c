package io.tracemate.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logs.Direction;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.tck.LogStoreContractTest;
import io.tracemate.testing.MutableClock;
import io.tracemate.testing.corpus.LogCorpus;
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
 * The log store contract with tiny chunks (1 KiB), so every test crosses chunk boundaries, heads and partitions;
 * plus what only the embedded store promises: crash consistency, head age, compression on realistic logs.
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

  /**
   * A tenant with a shorter retention leaves a partition it shares with others: the partition is rewritten without
   * its streams and the space comes back; a crash (the directory copied at each step of the rewrite, as a kill -9
   * leaves it) finds either the old or the new generation, the expired tenant hidden in both, and a later run
   * finishes the job.
   */
  @Test
  void retentionRewritesASharedPartitionAndSurvivesACrashAtEveryStep() throws IOException {
    EmbeddedLogStore store = (EmbeddedLogStore) store();
    LabelSet labels = LabelSet.of("app", "a");
    List<String> keptOld = new ArrayList<>();
    long sequence = 0;
    for (int i = 0; i < 60; i++) {
      String line = "kept " + i + " " + "k".repeat(80);
      keptOld.add(line);
      write(store, ++sequence, "kept", labels, entry(T0 + i, line));
      write(
          store,
          ++sequence,
          "expired",
          labels,
          entry(T0 + i, "expired " + i + " " + "x".repeat(80)));
    }
    keptOld.add("kept late head");
    keptOld.add("kept during rewrite");
    write(store, ++sequence, "kept", labels, entry(T0 + 100, "kept late head"));
    write(store, ++sequence, "kept", labels, entry(T0 + 10 * HOUR, "kept young"));
    write(store, ++sequence, "expired", labels, entry(T0 + 10 * HOUR, "expired young"));
    store.writer().flush();
    long chunkBytesBefore =
        Files.size(dir.resolve(Partition.dirName(T0)).resolve(Partition.CHUNKS));
    List<String> steps = new ArrayList<>();
    EmbeddedLogStore writing = store;
    store.onRewriteStep(
        step -> {
          steps.add(step);
          if (step.equals("copied")) {
            // Late entries while the bulk is copied without the writer's lock: the kept tenant's is
            // kept, the
            // expired tenant's is not written at all.
            write(writing, 5_000, "kept", labels, entry(T0 + 150, "kept during rewrite"));
            write(writing, 5_001, "expired", labels, entry(T0 + 150, "expired during rewrite"));
            writing.writer().flush();
          }
          try {
            crashCopy(dir, dir.resolveSibling(dir.getFileName() + "-crash-" + step));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    io.tracemate.common.tenant.RetentionPolicy policy =
        new io.tracemate.common.tenant.RetentionPolicy(
            Instant.ofEpochSecond(0, T0 + 5 * HOUR),
            java.util.Map.of(
                new io.tracemate.common.tenant.TenantId("kept"),
                Instant.ofEpochSecond(0, T0 - 100 * HOUR)));

    assertThat(store.enforceRetention(policy)).isEqualTo(60);

    assertThat(steps).containsExactly("copied", "written", "committed");
    assertAfterRetention(store, keptOld);
    Path rewritten = dir.resolve(Partition.dirName(T0, 1));
    assertThat(dir.resolve(Partition.dirName(T0))).doesNotExist();
    long chunkBytesAfter = Files.size(rewritten.resolve(Partition.CHUNKS));
    assertThat(chunkBytesAfter).isPositive().isLessThan(chunkBytesBefore * 6 / 10);
    store.close();

    for (String step : List.of("copied", "written", "committed")) {
      Path crashed = dir.resolveSibling(dir.getFileName() + "-crash-" + step);
      EmbeddedLogStore reopened = (EmbeddedLogStore) open(crashed);
      try {
        assertAfterRetention(reopened, keptOld);
        // One generation of the partition is left: the old one before the commit point, the new one
        // after.
        String generation =
            step.equals("committed") ? Partition.dirName(T0, 1) : Partition.dirName(T0);
        try (Stream<Path> children = Files.list(crashed)) {
          assertThat(
                  children
                      .map(p -> p.getFileName().toString())
                      .filter(n -> n.startsWith("p-" + T0)))
              .as("after a crash at %s", step)
              .containsExactly(generation);
        }
        reopened.enforceRetention(policy);
        assertAfterRetention(reopened, keptOld);
        assertThat(crashed.resolve(Partition.dirName(T0, 1))).exists();
        write(reopened, 10_000, "kept", labels, entry(T0 + 200, "kept after crash"));
        reopened.writer().flush();
        assertThat(read(reopened, all("kept")))
            .extracting(LogEntry::line)
            .contains("kept after crash");
      } finally {
        reopened.close();
      }
    }
  }

  private static void assertAfterRetention(LogStore store, List<String> keptOld) {
    List<String> kept = new ArrayList<>(keptOld);
    kept.add("kept young");
    assertThat(read(store, all("kept"))).extracting(LogEntry::line).containsExactlyElementsOf(kept);
    assertThat(read(store, all("expired")))
        .extracting(LogEntry::line)
        .containsExactly("expired young");
    assertThat(store.stats().entries()).isEqualTo(kept.size() + 1);
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
    // Enough after the flush to cut chunks and add a stream, a partition and head entries, none of
    // it flushed.
    for (int i = 0; i < 40; i++) {
      write(
          store,
          100 + i,
          TENANT,
          labels,
          entry(T0 + 100 + i, "unflushed " + i + " " + "u".repeat(60)));
      write(
          store,
          200 + i,
          TENANT,
          LabelSet.of("app", "new"),
          entry(T0 + 3 * HOUR + i, "new stream " + i));
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

  /**
   * Issue 15: a flipped bit in a chunk is caught by zstd's content checksum when the chunk is read, instead of
   * decompressing into lines nobody wrote; here the bit is in the checksum itself, the last bytes of the last chunk.
   */
  @Test
  void aFlippedBitInAChunkIsCaughtByItsChecksum() throws IOException {
    LabelSet labels = LabelSet.of("app", "a");
    try (LogStore store = EmbeddedLogStore.open(config(dir), clock)) {
      for (int i = 0; i < 40; i++) {
        write(store, i + 1, TENANT, labels, entry(T0 + i, "line " + i + " " + "c".repeat(60)));
      }
      store.writer().flush();
    }
    Path chunks = dir.resolve(Partition.dirName(T0)).resolve(Partition.CHUNKS);
    byte[] bytes = Files.readAllBytes(chunks);
    bytes[bytes.length - 1] ^= 0x04;
    Files.write(chunks, bytes);
    try (LogStore reopened = EmbeddedLogStore.open(config(dir), clock)) {
      assertThatThrownBy(() -> read(reopened, all(TENANT))).hasMessageContaining("checksum");
    }
  }

  /**
   * Issue 15: a damaged partition index used to fail the whole store's open, and the server with it, at every
   * start. Now that partition is moved to corrupt/, counted, and the others open.
   */
  @Test
  void aPartitionWhoseIndexIsDamagedIsSetAsideAndTheStoreOpensWithoutIt() throws IOException {
    LabelSet labels = LabelSet.of("app", "a");
    try (LogStore store = EmbeddedLogStore.open(config(dir), clock)) {
      for (int i = 0; i < 40; i++) { // chunks are cut: the partition's index holds their records
        write(
            store,
            i + 1,
            TENANT,
            labels,
            entry(T0 + i, "first partition " + i + " " + "d".repeat(60)));
      }
      write(store, 41, TENANT, labels, entry(T0 + 2 * HOUR, "in a later partition"));
      store.writer().flush();
    }
    Path index = dir.resolve(Partition.dirName(T0)).resolve(Partition.INDEX);
    byte[] bytes = Files.readAllBytes(index);
    bytes[0] = (byte) 0x7f; // no record type
    Files.write(index, bytes);
    try (LogStore reopened = EmbeddedLogStore.open(config(dir), clock)) {
      assertThat(reopened.stats().damagedPartitions()).isEqualTo(1);
      // The partition's chunks are gone from reads; what its head journal held is replayed anew.
      assertThat(read(reopened, all(TENANT)))
          .extracting(LogEntry::line)
          .contains("in a later partition")
          .hasSizeLessThan(41);
      assertThat(dir.resolve(EmbeddedLogStore.CORRUPT_DIR)).isNotEmptyDirectory();
      write(reopened, 42, TENANT, labels, entry(T0 + 3, "written after"));
      reopened.writer().flush();
    }
    try (LogStore again = EmbeddedLogStore.open(config(dir), clock)) {
      assertThat(again.stats().damagedPartitions()).as("found once").isZero();
      assertThat(read(again, all(TENANT)))
          .extracting(LogEntry::line)
          .contains("written after", "in a later partition");
    }
  }

  /**
   * Issue 15 (found by TortureDiskFullTest): a flush whose journal frame was written but whose state file was not
   * (a full disk) left the frame in the journal; the retry wrote the same head entries again after it and committed
   * both, so a restart replayed those lines twice.
   */
  @Test
  void aFlushThatFailsAfterItsJournalFrameDoesNotStoreTheHeadsTwice() throws IOException {
    LabelSet labels = LabelSet.of("app", "a");
    try (LogStore store = EmbeddedLogStore.open(config(dir), clock)) {
      write(store, 1, TENANT, labels, entry(T0 + 1, "before"));
      store.writer().flush();
      write(store, 2, TENANT, labels, entry(T0 + 2, "during the failed flush"));
      Path blocker = dir.resolve(StateFile.NAME + ".tmp");
      Files.createDirectories(blocker.resolve("in-the-way")); // the state file cannot be written
      assertThatThrownBy(() -> store.writer().flush()).hasMessageContaining("cannot flush");
      StoreWriter.deleteRecursively(blocker);
      store.writer().flush();
    }
    try (LogStore reopened = EmbeddedLogStore.open(config(dir), clock)) {
      assertThat(read(reopened, all(TENANT)))
          .extracting(LogEntry::line)
          .containsExactly("before", "during the failed flush");
    }
  }

  @Test
  void headsSurviveThroughTheJournalAndCutsAreNotReplayedTwice() throws IOException {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    List<String> expected = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      // 300 bytes per round: the head is cut every fourth round, in between it lives in the journal
      // only.
      for (int i = 0; i < 3; i++) {
        String line = "round " + round + " entry " + i + " " + "h".repeat(80);
        expected.add(line);
        write(store, round * 10 + i + 1, TENANT, labels, entry(T0 + round * 10 + i, line));
      }
      store.writer().flush();
      Path copy = crashCopy(dir, Files.createTempDirectory(dir.getParent(), "journal"));
      try (LogStore recovered = EmbeddedLogStore.open(config(copy), clock)) {
        assertThat(read(recovered, all(TENANT)))
            .extracting(LogEntry::line)
            .containsExactlyElementsOf(expected);
      } finally {
        StoreWriter.deleteRecursively(copy);
      }
    }
  }

  @Test
  void rotatesTheHeadJournalWithoutLosingHeads() throws IOException {
    EmbeddedLogStoreConfig config =
        EmbeddedLogStoreConfig.defaults(dir)
            .withChunkTargetBytes(8 << 20)
            .withJournalRotateBytes(1 << 20);
    LabelSet labels = LabelSet.of("app", "a");
    int written = 0;
    try (LogStore store = EmbeddedLogStore.open(config, clock)) {
      // ~3 MB of barely compressible lines over 30 flushes: the 1 MiB journal must rotate at least
      // once.
      java.util.SplittableRandom random = new java.util.SplittableRandom(1);
      for (int flush = 0; flush < 30; flush++) {
        List<LogEntry> entries = new ArrayList<>();
        for (int i = 0; i < 100; i++, written++) {
          entries.add(
              entry(
                  T0 + written,
                  written
                      + " "
                      + Long.toHexString(random.nextLong())
                      + "x".repeat(10)
                      + java.util.HexFormat.of().formatHex(randomBytes(random, 500))));
        }
        store.writer().write(flush + 1, TENANT, List.of(new LogStream(labels, entries)));
        store.writer().flush();
      }
      assertThat(store.stats().chunks()).isZero();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> journals =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".journal")).toList();
      assertThat(journals).hasSize(1).noneMatch(n -> n.equals("heads-1.journal"));
    }
    try (LogStore store = EmbeddedLogStore.open(config, clock)) {
      List<LogEntry> entries = read(store, all(TENANT));
      assertThat(entries).hasSize(written);
      for (int i = 0; i < written; i++) {
        assertThat(entries.get(i).line()).startsWith(i + " ");
      }
    }
  }

  private static byte[] randomBytes(java.util.SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  void anInterruptedQueryDoesNotBreakOtherQueriesOrTheWriter() throws Exception {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      entries.add(entry(T0 + i, "line " + i + " " + "i".repeat(100)));
    }
    store.writer().write(1, TENANT, List.of(new LogStream(labels, entries)));
    store.writer().flush();
    Thread interrupted =
        new Thread(
            () -> {
              Thread.currentThread().interrupt();
              try {
                read(store, all(TENANT));
              } catch (RuntimeException expected) {
                // the interrupted query may fail; what matters is everyone else
              }
            });
    interrupted.start();
    interrupted.join(10_000);
    assertThat(read(store, all(TENANT))).hasSize(50);
    write(store, 2, TENANT, labels, entry(T0 + 100, "after"));
    store.writer().flush();
    assertThat(read(store, all(TENANT))).hasSize(51);
  }

  @Test
  void byTraceOpensOnlyTheChunksHoldingTheTraceAndBackwardOpensEachChunkOnce() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    String wanted = "7be2a6c3f1d04e9a8b5c6d7e8f901234";
    for (int chunk = 0; chunk < 20; chunk++) {
      List<LogEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long ts = T0 + chunk * 100L + i;
        String trace =
            chunk == 13 && i == 4 ? wanted : String.format("%08x%024x", chunk * 16 + i + 1, 0);
        entries.add(
            traced(
                ts,
                "chunk " + chunk + " entry " + i + " " + "c".repeat(100),
                trace,
                "0000000000000001"));
      }
      // Each write is 1,300 bytes: one chunk per write.
      store.writer().write(chunk + 1, TENANT, List.of(new LogStream(labels, entries)));
    }
    store.writer().flush();
    assertThat(store.stats().chunks()).isEqualTo(20);

    ScanStats traceStats = new ScanStats();
    List<io.tracemate.logs.TraceEntry> found =
        store.reader().byTrace(scope(TENANT), wanted, null, 0, Long.MAX_VALUE, 10, traceStats);
    assertThat(found)
        .extracting(e -> e.entry().line())
        .containsExactly("chunk 13 entry 4 " + "c".repeat(100));
    assertThat(traceStats.chunks()).isEqualTo(1);

    ScanStats backward = new ScanStats();
    var ref = store.reader().streams(all(TENANT)).get(0);
    int count = 0;
    try (var cursor =
        store.reader().entries(all(TENANT), ref, Direction.BACKWARD, List.of(), backward)) {
      while (cursor.hasNext()) {
        assertThat(cursor.next().timestampNanos())
            .isEqualTo(T0 + (19 - count / 10) * 100L + 9 - count % 10);
        count++;
      }
    }
    assertThat(count).isEqualTo(200);
    assertThat(backward.chunks()).isEqualTo(20);
  }

  @Test
  void aRetriedWriteResumesWhereItFailed() throws IOException {
    LogStore store = store();
    // A file where the partition directory of T0 + 5h must go makes the write fail in its second
    // stream.
    Path blocker = Files.createFile(dir.resolve(Partition.dirName(T0 + 5 * HOUR)));
    List<LogStream> batch =
        List.of(
            new LogStream(
                LabelSet.of("app", "first"),
                List.of(entry(T0, "first 1"), entry(T0 + 1, "first 2"))),
            new LogStream(
                LabelSet.of("app", "second"),
                List.of(
                    entry(T0 + 2, "second 1"),
                    entry(T0 + 5 * HOUR, "second 2"),
                    entry(T0 + 5 * HOUR + 1, "second 3"))));
    assertThatThrownBy(() -> store.writer().write(7, TENANT, batch))
        .isInstanceOf(io.tracemate.logs.LogStorageException.class)
        .hasMessageContaining(Partition.dirName(T0 + 5 * HOUR));
    Files.delete(blocker);

    store.writer().write(7, TENANT, batch);
    store.writer().flush();

    assertThat(read(store, all(TENANT)))
        .extracting(LogEntry::line)
        .containsExactlyInAnyOrder("first 1", "first 2", "second 1", "second 2", "second 3");
    assertThat(store.writer().persistedSequence()).isEqualTo(7);
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
    assertThatThrownBy(
            () ->
                EmbeddedLogStore.open(
                    config(dir).withPartitionDuration(Duration.ofHours(2)), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partition_duration")
        .hasMessageContaining("PT1H");
  }

  /**
   * A push written twice, as a client's retry writes the streams of a push the Kafka queue had taken in part (one
   * record per stream), is read once, in both directions and across the flush between the copies; different lines
   * at one timestamp, and one line at two timestamps, all stay.
   */
  @Test
  void aPushWrittenTwiceIsReadOnce() {
    LogStore store = store();
    List<LogEntry> push =
        List.of(
            entry(T0 + 1, "same nanosecond a"),
            entry(T0 + 1, "same nanosecond b"),
            entry(T0 + 2, "again later"),
            entry(T0 + 3, "again later"));
    LabelSet labels = LabelSet.of("app", "a");
    store.writer().write(1, TENANT, List.of(new LogStream(labels, push)));
    store.writer().flush();
    store.writer().write(2, TENANT, List.of(new LogStream(labels, push)));
    var ref = store.reader().streams(all(TENANT)).get(0);
    for (Direction direction : Direction.values()) {
      try (var cursor =
          store.reader().entries(all(TENANT), ref, direction, List.of(), new ScanStats())) {
        List<LogEntry> read = new ArrayList<>();
        cursor.forEachRemaining(read::add);
        assertThat(read).as(direction.name()).hasSize(4).containsExactlyInAnyOrderElementsOf(push);
      }
    }
  }

  @Test
  void scanStatsCountChunksAndLines() {
    LogStore store = store();
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      entries.add(
          entry(T0 + i, "line " + i + " " + "s".repeat(93))); // 100 bytes, 101 from line 10 on
    }
    store.writer().write(1, TENANT, List.of(new LogStream(LabelSet.of("app", "a"), entries)));
    store.writer().flush();
    ScanStats stats = new ScanStats();
    var ref = store.reader().streams(all(TENANT)).get(0);
    try (var cursor =
        store.reader().entries(all(TENANT), ref, Direction.FORWARD, List.of("line 7 "), stats)) {
      assertThat(cursor)
          .toIterable()
          .extracting(LogEntry::line)
          .containsExactly("line 7 " + "s".repeat(93));
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
