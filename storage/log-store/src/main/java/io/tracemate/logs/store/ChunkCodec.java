package io.tracemate.logs.store;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a head block into a chunk payload and compresses it. The payload is columnar so that a scan touches
 * only what it needs: {@code n}, the timestamps' common unit and deltas in that unit, line lengths and metadata lengths as varints, then the
 * metadata blob, then all lines back to back (one contiguous region the substring search runs over). Used by
 * the writer thread only: not thread-safe (it reuses its buffers and zstd context).
 */
final class ChunkCodec implements AutoCloseable {
  private final ZstdCompressCtx compressor = new ZstdCompressCtx();
  private final ByteSink header = new ByteSink(64 << 10);
  private final ByteSink metadata = new ByteSink(64 << 10);
  private final ByteSink lines = new ByteSink(1 << 20);
  private final ByteSink payload = new ByteSink(1 << 20);
  private byte[] compressed = new byte[1 << 16];

  ChunkCodec(int level) {
    compressor.setLevel(level);
    // zstd's content checksum (4 bytes a chunk): a flipped bit in a chunk is caught when it is read
    // instead of
    // decompressing into wrong lines; chunks written without it still read.
    compressor.setChecksum(true);
  }

  /** An encoded chunk: the compressed bytes and what its {@link ChunkMeta} needs. */
  record Encoded(byte[] bytes, int length, int payloadBytes, long lineBytes, int[] traceKeys) {}

  /** @param entries sorted by timestamp; {@code count} of them are used */
  Encoded encode(LogEntry[] entries, int count, long minTs) {
    header.reset();
    metadata.reset();
    lines.reset();
    payload.reset();
    header.writeVarLong(count);
    // Most clients send milli- or microsecond timestamps: dividing the deltas by their common unit
    // saves ~2 bytes per entry after compression.
    long unit = 0;
    long previous = minTs;
    for (int i = 0; i < count; i++) {
      long ts = entries[i].timestampNanos();
      unit = gcd(unit, ts - previous);
      previous = ts;
    }
    unit = Math.max(unit, 1);
    header.writeVarLong(unit);
    previous = minTs;
    for (int i = 0; i < count; i++) {
      long ts = entries[i].timestampNanos();
      header.writeVarLong((ts - previous) / unit);
      previous = ts;
    }
    int[] keys = new int[count];
    int keyCount = 0;
    int[] lineLengths = new int[count];
    int[] metaLengths = new int[count];
    for (int i = 0; i < count; i++) {
      LogEntry entry = entries[i];
      int before = lines.size();
      byte[] utf8 = entry.line().getBytes(StandardCharsets.UTF_8);
      lines.write(utf8, 0, utf8.length);
      lineLengths[i] = lines.size() - before;
      int metaBefore = metadata.size();
      var labels = entry.metadata().labels();
      if (!labels.isEmpty()) {
        metadata.writeVarLong(labels.size());
        for (Label label : labels) {
          metadata.writeString(label.name());
          metadata.writeString(label.value());
        }
      }
      metaLengths[i] = metadata.size() - metaBefore;
      String traceId = entry.traceId();
      if (traceId != null) {
        keys[keyCount++] = TraceIds.key(traceId);
      }
    }
    for (int length : lineLengths) {
      header.writeVarLong(length);
    }
    for (int length : metaLengths) {
      header.writeVarLong(length);
    }
    payload.write(header);
    payload.write(metadata);
    payload.write(lines);
    int bound = (int) Zstd.compressBound(payload.size());
    if (compressed.length < bound) {
      compressed = new byte[bound];
    }
    int size =
        compressor.compressByteArray(
            compressed, 0, compressed.length, payload.array(), 0, payload.size());
    return new Encoded(
        compressed, size, payload.size(), lines.size(), distinctSorted(keys, keyCount));
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  private static int[] distinctSorted(int[] keys, int count) {
    Arrays.sort(keys, 0, count);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (distinct == 0 || keys[distinct - 1] != keys[i]) {
        keys[distinct++] = keys[i];
      }
    }
    return Arrays.copyOf(keys, distinct);
  }

  @Override
  public void close() {
    compressor.close();
  }
}
