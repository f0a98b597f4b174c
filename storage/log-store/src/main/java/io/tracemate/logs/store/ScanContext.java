package io.tracemate.logs.store;

import io.tracemate.common.Cancellation;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import java.util.ArrayDeque;

/**
 * What every source of one cursor shares: range, direction, filter, stats, the query's cancellation and reusable
 * buffers. Not thread-safe.
 */
final class ScanContext {
  final long startNanos;
  final long endNanos;
  final boolean forward;
  final LineFilter filter;
  final ScanStats stats;
  final Cancellation cancellation;
  private final ArrayDeque<byte[]> payloadBuffers = new ArrayDeque<>();
  private byte[] compressedBuffer;

  private final Decompressors decompressors;

  ScanContext(
      long startNanos,
      long endNanos,
      Direction direction,
      LineFilter filter,
      ScanStats stats,
      Decompressors decompressors,
      Cancellation cancellation) {
    this.decompressors = decompressors;
    this.cancellation = cancellation;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.forward = direction == Direction.FORWARD;
    this.filter = filter;
    this.stats = stats;
  }

  /**
   * Reads and decompresses one chunk, after checking the query's cancellation: a chunk (up to 512 KiB of lines,
   * well under a millisecond to decompress and search) is the unit of work a scan can be stopped between.
   */
  DecodedChunk read(Partition partition, ChunkMeta meta) {
    cancellation.check();
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
