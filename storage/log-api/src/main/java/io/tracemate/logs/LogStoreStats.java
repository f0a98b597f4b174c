package io.tracemate.logs;

/**
 * Size of a log store.
 *
 * @param uncompressedBytes UTF-8 bytes of every stored line
 * @param bytesOnDisk everything the store keeps on disk (chunks, index, metadata)
 */
public record LogStoreStats(
    long streams,
    long chunks,
    long entries,
    long uncompressedBytes,
    long bytesOnDisk,
    int partitions) {}
