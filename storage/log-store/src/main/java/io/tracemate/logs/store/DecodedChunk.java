package io.tracemate.logs.store;

import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A decompressed chunk with its columns located: entries are materialized (Strings built) only for the indexes
 * a scan selects. Not thread-safe; owned by one cursor.
 */
final class DecodedChunk {
  final long[] timestamps;
  final int[] lineStart;
  final int[] metaStart;
  final byte[] payload;
  final int count;

  private DecodedChunk(byte[] payload, long[] timestamps, int[] lineStart, int[] metaStart) {
    this.payload = payload;
    this.timestamps = timestamps;
    this.lineStart = lineStart;
    this.metaStart = metaStart;
    this.count = timestamps.length;
  }

  /** @param buffer reused when large enough for the payload */
  static DecodedChunk decode(
      ChunkMeta meta, byte[] compressed, byte[] buffer, Decompressors decompressors) {
    byte[] payload =
        buffer != null && buffer.length >= meta.payloadBytes()
            ? buffer
            : new byte[meta.payloadBytes()];
    int size = decompressors.decompress(payload, meta.payloadBytes(), compressed, meta.length());
    if (size != meta.payloadBytes()) {
      throw new CorruptDataException(
          "chunk at offset "
              + meta.offset()
              + " decompresses to "
              + size
              + " bytes, index says "
              + meta.payloadBytes());
    }
    ByteSource in = new ByteSource(payload, 0, meta.payloadBytes());
    int n = in.readVarInt();
    if (n != meta.entries()) {
      throw new CorruptDataException(
          "chunk at offset "
              + meta.offset()
              + " holds "
              + n
              + " entries, index says "
              + meta.entries());
    }
    long unit = in.readVarLong();
    long[] timestamps = new long[n];
    long ts = meta.minTs();
    for (int i = 0; i < n; i++) {
      ts += in.readVarLong() * unit;
      timestamps[i] = ts;
    }
    int[] lineLengths = new int[n];
    for (int i = 0; i < n; i++) {
      lineLengths[i] = in.readVarInt();
    }
    int[] metaStart = new int[n + 1];
    int[] metaLengths = new int[n];
    for (int i = 0; i < n; i++) {
      metaLengths[i] = in.readVarInt();
    }
    int position = in.position();
    for (int i = 0; i < n; i++) {
      metaStart[i] = position;
      position += metaLengths[i];
    }
    metaStart[n] = position;
    int[] lineStart = new int[n + 1];
    for (int i = 0; i < n; i++) {
      lineStart[i] = position;
      position += lineLengths[i];
    }
    lineStart[n] = position;
    if (position != meta.payloadBytes()) {
      throw new CorruptDataException(
          "chunk at offset "
              + meta.offset()
              + ": columns end at "
              + position
              + ", payload has "
              + meta.payloadBytes()
              + " bytes");
    }
    return new DecodedChunk(payload, timestamps, lineStart, metaStart);
  }

  /** First index whose timestamp is >= {@code ts}. */
  int lowerBound(long ts) {
    int low = 0;
    int high = count;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (timestamps[mid] < ts) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  LogEntry entry(int index) {
    int length = lineStart[index + 1] - lineStart[index];
    String line = new String(payload, lineStart[index], length, StandardCharsets.UTF_8);
    return new LogEntry(timestamps[index], line, metadata(index), length);
  }

  LabelSet metadata(int index) {
    int start = metaStart[index];
    int end = metaStart[index + 1];
    if (start == end) {
      return LabelSet.EMPTY;
    }
    ByteSource in = new ByteSource(payload, start, end - start);
    int size = in.readVarInt();
    List<Label> labels = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      labels.add(new Label(in.readString(), in.readString()));
    }
    return new LabelSet(labels);
  }

  /** The trace_id of the entry without materializing the rest, or null. */
  String metadataValue(int index, String name) {
    int start = metaStart[index];
    int end = metaStart[index + 1];
    if (start == end) {
      return null;
    }
    ByteSource in = new ByteSource(payload, start, end - start);
    int size = in.readVarInt();
    for (int i = 0; i < size; i++) {
      String labelName = in.readString();
      String value = in.readString();
      if (labelName.equals(name)) {
        return value;
      }
    }
    return null;
  }
}
