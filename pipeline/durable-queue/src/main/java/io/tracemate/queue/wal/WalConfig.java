package io.tracemate.queue.wal;

import java.nio.file.Path;

/**
 * @param directory where segment files live (created if missing)
 * @param segmentBytes a segment is closed and a new one started once it grows past this size
 * @param maxRecordBytes appends larger than this are refused (guards replay against a corrupt length)
 */
public record WalConfig(Path directory, long segmentBytes, int maxRecordBytes) {

  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final int DEFAULT_MAX_RECORD_BYTES = 256 << 20;

  public WalConfig {
    if (segmentBytes < 4096) {
      throw new IllegalArgumentException(
          "WAL segment size must be at least 4096 bytes, got " + segmentBytes);
    }
    if (maxRecordBytes < 1) {
      throw new IllegalArgumentException("WAL max record size must be positive");
    }
  }

  public static WalConfig of(Path directory) {
    return new WalConfig(directory, DEFAULT_SEGMENT_BYTES, DEFAULT_MAX_RECORD_BYTES);
  }
}
