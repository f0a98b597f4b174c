package io.tracemate.logs.store;

import io.tracemate.logs.model.LogEntry;
import java.util.Arrays;

/**
 * One stream within one partition: its chunks and its head block (entries not yet cut into a chunk). The
 * writer thread mutates it and publishes a {@link StreamSnapshot} after each change; readers only read the
 * snapshot.
 */
final class PartitionStream {
  final int localId;
  final long globalId;
  final StreamKey key;

  /**
   * A new head's capacity, doubled as entries arrive. Small, because every stream starts a head: with hundreds
   * of thousands of streams of a few lines each, 64 slots would cost over 500 bytes per stream for nothing.
   */
  private static final int INITIAL_HEAD_CAPACITY = 4;

  private volatile StreamSnapshot snapshot = StreamSnapshot.EMPTY;

  // Writer-thread state of the head block.
  private LogEntry[] head = new LogEntry[INITIAL_HEAD_CAPACITY];
  private int[] headKeys = new int[INITIAL_HEAD_CAPACITY];
  private int headSize;
  private long headLineBytes;
  private boolean headSorted = true;
  private long headCreatedMillis;

  /** Head entries already in the head journal. */
  private int journaled;

  PartitionStream(int localId, long globalId, StreamKey key) {
    this.localId = localId;
    this.globalId = globalId;
    this.key = key;
  }

  StreamSnapshot snapshot() {
    return snapshot;
  }

  int headSize() {
    return headSize;
  }

  long headLineBytes() {
    return headLineBytes;
  }

  long headCreatedMillis() {
    return headCreatedMillis;
  }

  LogEntry[] headEntries() {
    return head;
  }

  int journaled() {
    return journaled;
  }

  void markJournaled() {
    journaled = headSize;
  }

  /** Appends without publishing; call {@link #publish} after a batch. */
  void append(LogEntry entry, long nowMillis) {
    if (headSize == head.length) {
      head = Arrays.copyOf(head, headSize * 2);
      headKeys = Arrays.copyOf(headKeys, headSize * 2);
    }
    if (headSize == 0) {
      headCreatedMillis = nowMillis;
    } else if (entry.timestampNanos() < head[headSize - 1].timestampNanos()) {
      headSorted = false;
    }
    String traceId = entry.traceId();
    headKeys[headSize] = traceId == null ? 0 : TraceIds.key(traceId);
    head[headSize++] = entry;
    headLineBytes += entry.lineBytes();
  }

  void publish() {
    StreamSnapshot current = snapshot;
    long min = current.minTs();
    long max = current.maxTs();
    for (int i = current.headSize(); i < headSize; i++) {
      long ts = head[i].timestampNanos();
      min = Math.min(min, ts);
      max = Math.max(max, ts);
    }
    snapshot =
        new StreamSnapshot(
            current.chunks(), head, headKeys, headSize, headSorted, headLineBytes, min, max);
  }

  /** The head's entries sorted by time (stable: equal timestamps keep arrival order), for cutting. */
  LogEntry[] sortedHead() {
    LogEntry[] copy = Arrays.copyOf(head, headSize);
    if (!headSorted) {
      Arrays.sort(copy, (a, b) -> Long.compare(a.timestampNanos(), b.timestampNanos()));
    }
    return copy;
  }

  /** Replaces the head by {@code chunk} in one publication; the old head arrays stay valid for old snapshots. */
  void cut(ChunkMeta chunk) {
    emptyHead();
    StreamSnapshot current = snapshot;
    snapshot =
        new StreamSnapshot(
            withChunk(current.chunks(), chunk),
            head,
            headKeys,
            0,
            true,
            0,
            Math.min(current.minTs(), chunk.minTs()),
            Math.max(current.maxTs(), chunk.maxTs()));
  }

  /** Fresh head arrays (the old ones stay valid for old snapshots); the caller publishes a new snapshot. */
  private void emptyHead() {
    head = new LogEntry[INITIAL_HEAD_CAPACITY];
    headKeys = new int[INITIAL_HEAD_CAPACITY];
    headSize = 0;
    headLineBytes = 0;
    headSorted = true;
    journaled = 0;
  }

  private static ChunkMeta[] withChunk(ChunkMeta[] chunks, ChunkMeta chunk) {
    ChunkMeta[] copy = Arrays.copyOf(chunks, chunks.length + 1);
    copy[chunks.length] = chunk;
    return copy;
  }

  /** Adds a chunk read back from the index (at open) or just cut. */
  void addChunk(ChunkMeta chunk) {
    StreamSnapshot current = snapshot;
    snapshot =
        new StreamSnapshot(
            withChunk(current.chunks(), chunk),
            current.head(),
            current.headKeys(),
            current.headSize(),
            current.headSorted(),
            current.headLineBytes(),
            Math.min(current.minTs(), chunk.minTs()),
            Math.max(current.maxTs(), chunk.maxTs()));
  }

  /** Replay of a journal "cut": the head's entries are in a chunk already. */
  void discardHead() {
    emptyHead();
    StreamSnapshot current = snapshot;
    snapshot =
        new StreamSnapshot(
            current.chunks(), head, headKeys, 0, true, 0, current.minTs(), current.maxTs());
  }
}
