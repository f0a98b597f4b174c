package io.tracemate.logs;

/**
 * Size of a log store.
 *
 * @param uncompressedBytes UTF-8 bytes of every stored line
 * @param bytesOnDisk everything the store keeps on disk (chunks, index, metadata)
 * @param damagedPartitions partitions found damaged when the store opened and set aside (no longer read)
 */
public record LogStoreStats(
    long streams,
    long chunks,
    long entries,
    long uncompressedBytes,
    long bytesOnDisk,
    int partitions,
    int damagedPartitions) {
  public LogStoreStats(
      long streams,
      long chunks,
      long entries,
      long uncompressedBytes,
      long bytesOnDisk,
      int partitions) {
    this(streams, chunks, entries, uncompressedBytes, bytesOnDisk, partitions, 0);
  }
}
