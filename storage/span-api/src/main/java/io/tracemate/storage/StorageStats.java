package io.tracemate.storage;

/** What a store holds: bytes on disk (all partitions, indexes included), spans stored, partitions open. */
public record StorageStats(long bytesOnDisk, long spanCount, int partitions) {}
