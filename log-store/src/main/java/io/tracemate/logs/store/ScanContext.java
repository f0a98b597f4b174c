package io.tracemate.logs.store;

import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import java.util.ArrayDeque;

/** What every source of one cursor shares: range, direction, filter, stats and reusable buffers. Not thread-safe. */
final class ScanContext {
  final long startNanos;
  final long endNanos;
  final boolean forward;
  final LineFilter filter;
  final ScanStats stats;
  private final ArrayDeque<byte[]> payloadBuffers = new ArrayDeque<>();
  private byte[] compressedBuffer;

  private final Decompressors decompressors;

  ScanContext(long startNanos, long endNanos, Direction direction, LineFilter filter, ScanStats stats,
      Decompressors decompressors) {
    this.decompressors = decompressors;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.forward = direction == Direction.FORWARD;
    this.filter = filter;
    this.stats = stats;
  }

  DecodedChunk read(Partition partition, ChunkMeta meta) {
    compressedBuffer = partition.readChunk(meta, compressedBuffer);
    stats.addChunk(meta.length());
    return DecodedChunk.decode(meta, compressedBuffer, payloadBuffers.poll(), decompressors);
  }

  void release(DecodedChunk chunk) {
    if (payloadBuffers.size() < 4) {
      payloadBuffers.push(chunk.payload);
    }
  }
}
