package io.tracemate.ingest.wal;

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
  @TempDir
  Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> replay(WalConfig config) throws IOException {
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE,
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
    WalObserver observer = (n, bytes, nanos) -> {
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
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9}));
    }
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE,
        r -> seen.add(new String(r.payload(), StandardCharsets.UTF_8)))) {
      assertThat(Files.size(segment)).isEqualTo(goodSize);
      assertThat(wal.append(bytes("after")).get()).isEqualTo(3);
    }
    assertThat(seen).containsExactly("kept-1", "kept-2");
    assertThat(replay(config)).containsExactly("1:kept-1", "2:kept-2", "3:after");
  }

  @Test
  void corruptedRecordStopsReplayOfItsSegment() throws Exception {
    WalConfig config = WalConfig.of(dir);
    try (WriteAheadLog wal = WriteAheadLog.open(config, WalObserver.NONE, r -> {})) {
      wal.append(bytes("first")).get();
      wal.append(bytes("second")).get();
    }
    Path segment = onlySegment();
    byte[] content = Files.readAllBytes(segment);
    content[content.length - 1] ^= 0x55; // flip bits in the last payload byte: checksum must catch it
    Files.write(segment, content);
    assertThat(replay(config)).containsExactly("1:first");
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
      wal.truncateThrough(Long.MAX_VALUE);
      assertThat(wal.segmentCount()).as("the segment being written stays").isEqualTo(1);
    }
    List<String> left = replay(config);
    assertThat(left).isNotEmpty();
    assertThat(left.get(left.size() - 1)).startsWith("20:");
    assertThat(Long.parseLong(left.get(0).split(":")[0])).isGreaterThan(8);
  }

  @Test
  void truncatingEverythingAfterCloseLeavesNothingToReplayAndSequencesStayUsable() throws Exception {
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

  private Path onlySegment() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> segments = files.filter(p -> p.toString().endsWith(".wal")).toList();
      assertThat(segments).hasSize(1);
      return segments.get(0);
    }
  }
}
