package io.tracemate.logs.store;

import io.tracemate.logs.model.LogEntry;

/**
 * What readers see of one stream in one partition, published as a whole so that a chunk cut never shows its
 * entries twice (in the new chunk and the old head) or not at all. {@code head[0, headSize)} never changes
 * after publication: the writer appends past {@code headSize} or moves to new arrays.
 *
 * @param minTs smallest timestamp over chunks and head (Long.MAX_VALUE when empty)
 * @param maxTs largest timestamp (Long.MIN_VALUE when empty)
 */
record StreamSnapshot(
    ChunkMeta[] chunks,
    LogEntry[] head,
    int[] headKeys,
    int headSize,
    boolean headSorted,
    long headLineBytes,
    long minTs,
    long maxTs) {

  static final StreamSnapshot EMPTY =
      new StreamSnapshot(
          new ChunkMeta[0],
          new LogEntry[0],
          new int[0],
          0,
          true,
          0,
          Long.MAX_VALUE,
          Long.MIN_VALUE);

  boolean overlaps(long startNanos, long endNanos) {
    return maxTs >= startNanos && minTs < endNanos;
  }

  long entries() {
    long total = headSize;
    for (ChunkMeta chunk : chunks) {
      total += chunk.entries();
    }
    return total;
  }
}
