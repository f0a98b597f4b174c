package io.tracemate.logs;

/**
 * What one stream holds in a time range, from the index (Loki's per-series chunk stats, which its volume API
 * sums).
 *
 * @param stream the stream
 * @param chunks chunks overlapping the range (a head block of not yet cut entries is not a chunk)
 * @param entries entries in the range
 * @param bytes UTF-8 bytes of those entries' lines
 */
public record StreamStats(StreamRef stream, long chunks, long entries, long bytes) {}
