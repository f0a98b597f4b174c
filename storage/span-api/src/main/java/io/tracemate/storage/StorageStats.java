package io.tracemate.storage;

/**
 * What a store holds: bytes on disk (all partitions, indexes included), spans stored, partitions open, and
 * partitions it found damaged at open (a copy set aside, repaired without their broken parts or not read at all).
 */
public record StorageStats(
    long bytesOnDisk, long spanCount, int partitions, int damagedPartitions) {
  public StorageStats(long bytesOnDisk, long spanCount, int partitions) {
    this(bytesOnDisk, spanCount, partitions, 0);
  }
}
