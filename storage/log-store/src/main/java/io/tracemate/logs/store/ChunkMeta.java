package io.tracemate.logs.store;

import java.util.Arrays;

/**
 * Where a chunk lives and what it holds, kept in memory (and in the partition's index file) so that queries
 * prune by time and trace without touching chunk data.
 *
 * @param sequence order in which the partition's chunks were cut: ties between equal timestamps of
 *     overlapping chunks resolve by it, which is arrival order
 * @param lineBytes UTF-8 bytes of the lines (uncompressed)
 * @param payloadBytes size of the decompressed payload
 * @param offset position of the compressed payload in the partition's chunk file
 * @param length compressed size
 * @param traceKeys sorted distinct {@link TraceIds#key}s of the entries' trace IDs
 */
record ChunkMeta(
    int streamId,
    long sequence,
    long minTs,
    long maxTs,
    int entries,
    long lineBytes,
    int payloadBytes,
    long offset,
    int length,
    int[] traceKeys) {

  boolean overlaps(long startNanos, long endNanos) {
    return maxTs >= startNanos && minTs < endNanos;
  }

  boolean mayContainTrace(int key) {
    return Arrays.binarySearch(traceKeys, key) >= 0;
  }

  void writeTo(ByteSink out) {
    out.writeVarLong(streamId);
    out.writeVarLong(sequence);
    out.writeLong(minTs);
    out.writeVarLong(maxTs - minTs);
    out.writeVarLong(entries);
    out.writeVarLong(lineBytes);
    out.writeVarLong(payloadBytes);
    out.writeVarLong(offset);
    out.writeVarLong(length);
    out.writeVarLong(traceKeys.length);
    long previous = Integer.MIN_VALUE;
    for (int key : traceKeys) {
      out.writeVarLong(key - previous);
      previous = key;
    }
  }

  static ChunkMeta readFrom(ByteSource in) {
    int streamId = in.readVarInt();
    long sequence = in.readVarLong();
    long minTs = in.readLong();
    long maxTs = minTs + in.readVarLong();
    int entries = in.readVarInt();
    long lineBytes = in.readVarLong();
    int payloadBytes = in.readVarInt();
    long offset = in.readVarLong();
    int length = in.readVarInt();
    int[] keys = new int[in.readVarInt()];
    long previous = Integer.MIN_VALUE;
    for (int i = 0; i < keys.length; i++) {
      previous += in.readVarLong();
      keys[i] = (int) previous;
    }
    return new ChunkMeta(
        streamId, sequence, minTs, maxTs, entries, lineBytes, payloadBytes, offset, length, keys);
  }
}
