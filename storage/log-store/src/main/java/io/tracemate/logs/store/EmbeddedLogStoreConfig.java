package io.tracemate.logs.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded log store.
 *
 * @param dataDir directory the store owns (created if missing)
 * @param partitionDuration time span of one partition directory, the unit retention deletes; fixed when the
 *     data directory is created (default 1h)
 * @param chunkTargetBytes uncompressed line bytes at which a stream's head block is cut into a chunk (default
 *     512 KiB: measured as small as possible without losing compression, see the package docs)
 * @param maxHeadAge a head block older than this is cut even if small, so idle streams do not pin memory and the
 *     head journal stays short (default 30m)
 * @param compressionLevel zstd level of chunks, 1..19 (default 3; decompression speed barely depends on it)
 * @param journalRotateBytes the head journal is rewritten with only the live heads once it grows past this
 *     (default 32 MiB)
 */
public record EmbeddedLogStoreConfig(
    Path dataDir,
    Duration partitionDuration,
    int chunkTargetBytes,
    Duration maxHeadAge,
    int compressionLevel,
    long journalRotateBytes) {

  public static final Duration DEFAULT_PARTITION_DURATION = Duration.ofHours(1);
  public static final int DEFAULT_CHUNK_TARGET_BYTES = 512 << 10;
  public static final Duration DEFAULT_MAX_HEAD_AGE = Duration.ofMinutes(30);
  public static final int DEFAULT_COMPRESSION_LEVEL = 3;
  public static final long DEFAULT_JOURNAL_ROTATE_BYTES = 32L << 20;

  /** @throws IllegalArgumentException naming the setting that is out of range */
  public EmbeddedLogStoreConfig {
    Objects.requireNonNull(dataDir, "data_dir");
    Objects.requireNonNull(partitionDuration, "partition_duration");
    Objects.requireNonNull(maxHeadAge, "max_head_age");
    if (partitionDuration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "partition_duration must be at least 1s, got " + partitionDuration);
    }
    if (chunkTargetBytes < 1024 || chunkTargetBytes > (64 << 20)) {
      throw new IllegalArgumentException(
          "chunk_target_bytes must be between 1 KiB and 64 MiB, got " + chunkTargetBytes);
    }
    if (maxHeadAge.isNegative() || maxHeadAge.isZero()) {
      throw new IllegalArgumentException("max_head_age must be positive, got " + maxHeadAge);
    }
    if (compressionLevel < 1 || compressionLevel > 19) {
      throw new IllegalArgumentException(
          "compression_level must be between 1 and 19, got " + compressionLevel);
    }
    if (journalRotateBytes < (1 << 20)) {
      throw new IllegalArgumentException(
          "journal_rotate_bytes must be at least 1 MiB, got " + journalRotateBytes);
    }
  }

  /** The defaults, in {@code dataDir}. */
  public static EmbeddedLogStoreConfig defaults(Path dataDir) {
    return new EmbeddedLogStoreConfig(
        dataDir,
        DEFAULT_PARTITION_DURATION,
        DEFAULT_CHUNK_TARGET_BYTES,
        DEFAULT_MAX_HEAD_AGE,
        DEFAULT_COMPRESSION_LEVEL,
        DEFAULT_JOURNAL_ROTATE_BYTES);
  }

  public EmbeddedLogStoreConfig withPartitionDuration(Duration value) {
    return new EmbeddedLogStoreConfig(
        dataDir, value, chunkTargetBytes, maxHeadAge, compressionLevel, journalRotateBytes);
  }

  public EmbeddedLogStoreConfig withChunkTargetBytes(int value) {
    return new EmbeddedLogStoreConfig(
        dataDir, partitionDuration, value, maxHeadAge, compressionLevel, journalRotateBytes);
  }

  public EmbeddedLogStoreConfig withMaxHeadAge(Duration value) {
    return new EmbeddedLogStoreConfig(
        dataDir, partitionDuration, chunkTargetBytes, value, compressionLevel, journalRotateBytes);
  }

  public EmbeddedLogStoreConfig withCompressionLevel(int value) {
    return new EmbeddedLogStoreConfig(
        dataDir, partitionDuration, chunkTargetBytes, maxHeadAge, value, journalRotateBytes);
  }

  public EmbeddedLogStoreConfig withJournalRotateBytes(long value) {
    return new EmbeddedLogStoreConfig(
        dataDir, partitionDuration, chunkTargetBytes, maxHeadAge, compressionLevel, value);
  }
}
