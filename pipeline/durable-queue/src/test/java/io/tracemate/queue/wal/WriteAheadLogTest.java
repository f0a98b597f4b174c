package io.tracemate.queue.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> replay(WalConfig config) throws IOException {
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(
            config,
            WalObserver.NONE,
            r -> seen.add(r.sequence() + ":" + new String(r.payload(), StandardCharsets.UTF_8)))) {
      return seen;
    }
  }

  @Test
  void appendedRecordsAreReplayedInOrderAfterReopen() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      assertThat(wal.append(bytes("a")).get()).isEqualTo(1);
      assertThat(wal.append(bytes("b")).get()).isEqualTo(2);
      assertThat(wal.append(bytes("")).get()).isEqualTo(3);
    }
    assertThat(replay(config)).containsExactly("1:a", "2:b", "3:");
  }

  @Test
  void concurrentAppendsShareFsyncsAndAllBecomeDurable() throws Exception {
    AtomicInteger commits = new AtomicInteger();
    AtomicInteger records = new AtomicInteger();
    WalObserver observer =
        (n, bytes, nanos) -> {
          commits.incrementAndGet();
          records.addAndGet(n);
        };
    WalConfig config = WalConfig.of(dir);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(config, observer, r -> {})) {
      for (int i = 0; i < 2000; i++) {
        futures.add(wal.append(bytes("record-" + i)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
    }
    assertThat(records.get()).isEqualTo(2000);
    assertThat(commits.get()).as("group commit: fewer fsyncs than records").isLessThan(2000);
    assertThat(replay(config)).hasSize(2000).first().isEqualTo("1:record-0");
  }

  @Test
  void tornTailIsCutOffAndAppendsContinueAfterTheLastGoodRecord() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      wal.append(bytes("kept-1")).get();
      wal.append(bytes("kept-2")).get();
    }
    Path segment = onlySegment();
    long goodSize = Files.size(segment);
    // A crash in the middle of the next write: a header promising 100 bytes, then only 3.
    try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      ch.write(
          java.nio.ByteBuffer.wrap(
              new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9}));
    }
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(
            config,
            WalObserver.NONE,
            r -> seen.add(new String(r.payload(), StandardCharsets.UTF_8)))) {
      assertThat(Files.size(segment)).isEqualTo(goodSize);
      assertThat(wal.replaySummary().tornTailBytes()).isEqualTo(19);
      assertThat(wal.replaySummary().damagedBytes()).isZero();
      assertThat(wal.append(bytes("after")).get()).isEqualTo(3);
    }
    assertThat(
            Files.size(
                dir.resolve("corrupt")
                    .resolve(
                        segment.getFileName() + "." + goodSize + "-" + (goodSize + 19) + ".bad")))
        .isEqualTo(19);
    assertThat(seen).containsExactly("kept-1", "kept-2");
    assertThat(replay(config)).containsExactly("1:kept-1", "2:kept-2", "3:after");
  }

  @Test
  void aCorruptedLastRecordIsCutOffAndSetAside() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      wal.append(bytes("first")).get();
      wal.append(bytes("second")).get();
    }
    Path segment = onlySegment();
    byte[] content = Files.readAllBytes(segment);
    content[content.length - 1] ^=
        0x55; // flip bits in the last payload byte: checksum must catch it
    Files.write(segment, content);
    assertThat(replay(config)).containsExactly("1:first");
  }

  @Test
  void aDamagedRecordInTheMiddleIsSetAsideAndTheRecordsAfterItAreStillReplayed() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (String payload : List.of("one", "two", "three", "four")) {
        wal.append(bytes(payload)).get();
      }
    }
    Path segment = onlySegment();
    byte[] content = Files.readAllBytes(segment);
    int second = WalFormat.HEADER_BYTES + 3; // where record 2 ("two") starts
    int secondLength = WalFormat.HEADER_BYTES + 3;
    content[second + WalFormat.HEADER_BYTES + 1] ^= 0x10; // a bit of its payload
    Files.write(segment, content);

    List<String> seen = new ArrayList<>();
    WriteAheadLog.ReplaySummary summary;
    try (WriteAheadLog wal =
        WriteAheadLog.open(
            config,
            WalObserver.NONE,
            r -> seen.add(r.sequence() + ":" + new String(r.payload(), StandardCharsets.UTF_8)))) {
      summary = wal.replaySummary();
      assertThat(wal.append(bytes("five")).get()).isEqualTo(5);
    }
    assertThat(seen).containsExactly("1:one", "3:three", "4:four");
    assertThat(summary.lostRecords()).isEqualTo(1);
    assertThat(summary.damagedBytes()).isEqualTo(secondLength);
    assertThat(summary.tornTailBytes()).isZero();
    Path aside =
        dir.resolve("corrupt")
            .resolve(segment.getFileName() + "." + second + "-" + (second + secondLength) + ".bad");
    assertThat(Files.readAllBytes(aside))
        .isEqualTo(java.util.Arrays.copyOfRange(content, second, second + secondLength));
    // The segment was rewritten without the damage: the next start finds nothing wrong.
    assertThat(replay(config)).containsExactly("1:one", "3:three", "4:four", "5:five");
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      assertThat(wal.replaySummary().damagedBytes()).isZero();
      assertThat(wal.replaySummary().lostRecords()).isZero();
    }
  }

  @Test
  void garbageLeftByAFailedRollBackDoesNotHideTheRecordsWrittenAfterIt() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      wal.append(bytes("before")).get();
    }
    Path segment = onlySegment();
    // Half a group that could not be cut off: a header promising 1000 bytes, and 40 of them.
    byte[] torn = new byte[WalFormat.HEADER_BYTES + 40];
    java.nio.ByteBuffer.wrap(torn).putInt(1000).putInt(7).putLong(2);
    Files.write(segment, torn, StandardOpenOption.APPEND);
    Files.write(segment, validRecord(2, "after"), StandardOpenOption.APPEND);
    assertThat(replay(config)).containsExactly("1:before", "2:after");
  }

  @Test
  void damageAtTheEndOfAnOlderSegmentCountsItsRecordsAsLostAndTheNextSegmentIsReplayed()
      throws Exception {
    WalConfig config = new WalConfig(dir, 4096, 1 << 20);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (int i = 1; i <= 6; i++) {
        wal.append(new byte[1500]).get();
      }
    }
    List<String> files = segmentFiles();
    assertThat(files).hasSizeGreaterThan(1);
    Path first = dir.resolve(files.get(0));
    long firstSize = Files.size(first);
    int recordsInFirst = (int) (firstSize / (WalFormat.HEADER_BYTES + 1500));
    byte[] content = Files.readAllBytes(first);
    content[content.length - 10] ^= 0x01; // in the payload of its last record
    Files.write(first, content);
    List<Long> sequences = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(config, WalObserver.NONE, r -> sequences.add(r.sequence()))) {
      assertThat(wal.replaySummary().lostRecords()).isEqualTo(1);
      assertThat(wal.replaySummary().damagedBytes()).isEqualTo(WalFormat.HEADER_BYTES + 1500);
    }
    List<Long> expected = new ArrayList<>();
    for (long s = 1; s <= 6; s++) {
      if (s != recordsInFirst) {
        expected.add(s);
      }
    }
    assertThat(sequences).isEqualTo(expected);
  }

  private static byte[] validRecord(long sequence, String payload) {
    byte[] bytes = bytes(payload);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    WalFormat.checksum(crc, sequence, bytes);
    java.nio.ByteBuffer record =
        java.nio.ByteBuffer.allocate(WalFormat.HEADER_BYTES + bytes.length);
    record.putInt(bytes.length).putInt((int) crc.getValue()).putLong(sequence).put(bytes);
    return record.array();
  }

  @Test
  void segmentsRotateAndTruncationDeletesOnlyCoveredOnes() throws Exception {
    WalConfig config = new WalConfig(dir, 4096, 1 << 20);
    byte[] payload = new byte[1000];
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (int i = 0; i < 20; i++) {
        wal.append(payload).get();
      }
      int before = wal.segmentCount();
      assertThat(before).isGreaterThan(3);
      wal.truncateThrough(8);
      assertThat(wal.segmentCount()).isLessThan(before);
      List<String> files = segmentFiles();
      assertThat(WalSegment.parse(dir.resolve(files.get(0))).firstSequence())
          .isLessThanOrEqualTo(9);
      wal.truncateThrough(Long.MAX_VALUE);
      assertThat(wal.segmentCount()).as("the segment being written stays").isEqualTo(1);
      assertThat(wal.checkpoint()).as("capped at the last record").isEqualTo(20);
    }
    assertThat(replay(config)).as("every record is applied").isEmpty();
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      assertThat(wal.append(payload).get()).isEqualTo(21);
    }
  }

  @Test
  void aRestartReplaysOnlyRecordsAboveTheCheckpointAndReadsNoSegmentBelowIt() throws Exception {
    WalConfig config = new WalConfig(dir, 4096, 1 << 20);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (int i = 1; i <= 20; i++) {
        wal.append(bytes("record-" + i + "-" + "x".repeat(1000))).get();
      }
    }
    List<String> files = segmentFiles();
    assertThat(files.size()).isGreaterThan(3);
    // A crash after the checkpoint was written and before the segments it covers were deleted; the
    // first segment is damaged too, which only matters if it is read.
    WalCheckpoint.write(dir, 12);
    Path first = dir.resolve(files.get(0));
    byte[] content = Files.readAllBytes(first);
    content[content.length / 2] ^= 0x55;
    Files.write(first, content);

    List<Long> replayed = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(config, WalObserver.NONE, r -> replayed.add(r.sequence()))) {
      assertThat(replayed).containsExactly(13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
      WriteAheadLog.ReplaySummary summary = wal.replaySummary();
      assertThat(summary.appliedThrough()).isEqualTo(12);
      assertThat(summary.replayedRecords()).isEqualTo(8);
      assertThat(summary.skippedSegments()).isGreaterThanOrEqualTo(1);
      assertThat(summary.skippedSegments() + summary.skippedRecords()).isGreaterThanOrEqualTo(3);
      assertThat(Files.size(first))
          .as("not read, so not cut at the damage")
          .isEqualTo(content.length);
      assertThat(wal.append(bytes("next")).get()).isEqualTo(21);
    }
  }

  @Test
  void recordsBelowTheCheckpointInTheSegmentBeingWrittenAreCheckedButNotReplayed()
      throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (int i = 1; i <= 10; i++) {
        wal.append(bytes("r" + i + "-" + "y".repeat(100_000))).get();
      }
      wal.truncateThrough(6);
      assertThat(wal.segmentCount()).isEqualTo(1);
    }
    assertThat(replay(config))
        .extracting(line -> line.substring(0, line.indexOf('-')))
        .containsExactly("7:r7", "8:r8", "9:r9", "10:r10");
    // Damage inside a skipped record is found by its checksum too and set aside; the records after
    // it are still replayed.
    Path segment = onlySegment();
    byte[] content = Files.readAllBytes(segment);
    int secondPayload = WalFormat.HEADER_BYTES + "r1-".length() + 100_000 + WalFormat.HEADER_BYTES;
    content[secondPayload + 50_000] ^= 0x55;
    Files.write(segment, content);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      assertThat(wal.replaySummary().lostRecords()).isEqualTo(1);
      assertThat(wal.replaySummary().replayedRecords()).isEqualTo(4);
      assertThat(wal.append(bytes("after")).get())
          .as("numbered above the last record")
          .isEqualTo(11);
    }
  }

  @Test
  void aDamagedCheckpointReplaysEverything() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      wal.append(bytes("a")).get();
      wal.append(bytes("b")).get();
      wal.truncateThrough(2);
    }
    assertThat(replay(config)).isEmpty();
    Files.write(dir.resolve(WalCheckpoint.NAME), new byte[] {1, 2, 3});
    assertThat(replay(config)).containsExactly("1:a", "2:b");
  }

  @Test
  void aCallerThatKnowsWhatItAppliedSkipsThatToo() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      for (int i = 1; i <= 4; i++) {
        wal.append(bytes("r" + i)).get();
      }
    }
    List<Long> replayed = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(config, WalObserver.NONE, r -> replayed.add(r.sequence()), 3)) {
      assertThat(replayed).containsExactly(4L);
      assertThat(wal.replaySummary().skippedRecords()).isEqualTo(3);
    }
    try (WriteAheadLog wal =
        WriteAheadLog.open(WalConfig.of(dir.resolve("empty")), WalObserver.NONE, r -> {}, 100)) {
      assertThat(wal.append(bytes("x")).get())
          .as("numbered above what the caller applied")
          .isEqualTo(101);
    }
  }

  @Test
  void truncatingEverythingAfterCloseLeavesNothingToReplayAndSequencesStayUsable()
      throws Exception {
    WalConfig config = WalConfig.of(dir);
    WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {});
    wal.append(bytes("x")).get();
    wal.close();
    wal.truncateThrough(wal.lastAcknowledgedSequence());
    assertThat(replay(config)).isEmpty();
  }

  @Test
  void appendAfterCloseFails() throws Exception {
    WriteAheadLog wal = WriteAheadLog.open(WalConfig.of(dir), WalObserver.NONE, r -> {});
    wal.close();
    assertThat(wal.append(bytes("late"))).isCompletedExceptionally();
  }

  private List<String> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".wal"))
          .sorted()
          .toList();
    }
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).toList();
      assertThat(segments).hasSize(1);
      return segments.get(0);
    }
  }
}
