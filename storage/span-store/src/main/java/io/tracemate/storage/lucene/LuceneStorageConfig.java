package io.tracemate.storage.lucene;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of a {@link LuceneStorage}.
 *
 * @param dataDir where the store keeps its files; partitions live under {@code dataDir/spans}
 * @param partitionDuration time span of one partition, the unit retention drops (default 1 day, at least 1 minute)
 * @param refreshInterval how soon written spans become searchable without {@code flush()} (default 1 s)
 * @param traceRoutingCacheSize trace IDs remembered to keep a trace's spans in one partition (default 1,048,576;
 *     24 bytes each)
 * @param ramBufferSizeMb indexing buffer per partition before Lucene writes a segment (default 64)
 * @param maxDependencySpans most spans one {@code dependencies()} call reads (default 2,000,000; about 30 bytes
 *     of heap each); beyond that the counts cover only the newest partitions read
 */
public record LuceneStorageConfig(
    Path dataDir,
    Duration partitionDuration,
    Duration refreshInterval,
    int traceRoutingCacheSize,
    double ramBufferSizeMb,
    int maxDependencySpans) {

  public static final Duration DEFAULT_PARTITION_DURATION = Duration.ofDays(1);
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_TRACE_ROUTING_CACHE_SIZE = 1 << 20;
  public static final double DEFAULT_RAM_BUFFER_SIZE_MB = 64;
  public static final int DEFAULT_MAX_DEPENDENCY_SPANS = 2_000_000;

  public LuceneStorageConfig {
    if (dataDir == null) {
      throw new IllegalArgumentException("dataDir is required");
    }
    partitionDuration = partitionDuration == null ? DEFAULT_PARTITION_DURATION : partitionDuration;
    refreshInterval = refreshInterval == null ? DEFAULT_REFRESH_INTERVAL : refreshInterval;
    if (partitionDuration.compareTo(Duration.ofMinutes(1)) < 0
        || partitionDuration.toNanosPart() != 0) {
      throw new IllegalArgumentException(
          "partitionDuration must be whole seconds and at least one minute, got "
              + partitionDuration);
    }
    if (refreshInterval.isNegative() || refreshInterval.isZero()) {
      throw new IllegalArgumentException(
          "refreshInterval must be positive, got " + refreshInterval);
    }
    if (traceRoutingCacheSize < 1) {
      throw new IllegalArgumentException(
          "traceRoutingCacheSize must be positive, got " + traceRoutingCacheSize);
    }
    if (!(ramBufferSizeMb >= 1)) {
      throw new IllegalArgumentException(
          "ramBufferSizeMb must be at least 1, got " + ramBufferSizeMb);
    }
    if (maxDependencySpans < 1) {
      throw new IllegalArgumentException(
          "maxDependencySpans must be positive, got " + maxDependencySpans);
    }
  }

  /** Defaults for everything but the directory. */
  public static LuceneStorageConfig of(Path dataDir) {
    return new LuceneStorageConfig(
        dataDir,
        DEFAULT_PARTITION_DURATION,
        DEFAULT_REFRESH_INTERVAL,
        DEFAULT_TRACE_ROUTING_CACHE_SIZE,
        DEFAULT_RAM_BUFFER_SIZE_MB,
        DEFAULT_MAX_DEPENDENCY_SPANS);
  }

  public LuceneStorageConfig withPartitionDuration(Duration value) {
    return new LuceneStorageConfig(
        dataDir,
        value,
        refreshInterval,
        traceRoutingCacheSize,
        ramBufferSizeMb,
        maxDependencySpans);
  }

  public LuceneStorageConfig withRefreshInterval(Duration value) {
    return new LuceneStorageConfig(
        dataDir,
        partitionDuration,
        value,
        traceRoutingCacheSize,
        ramBufferSizeMb,
        maxDependencySpans);
  }

  public LuceneStorageConfig withTraceRoutingCacheSize(int value) {
    return new LuceneStorageConfig(
        dataDir, partitionDuration, refreshInterval, value, ramBufferSizeMb, maxDependencySpans);
  }

  public LuceneStorageConfig withRamBufferSizeMb(double value) {
    return new LuceneStorageConfig(
        dataDir,
        partitionDuration,
        refreshInterval,
        traceRoutingCacheSize,
        value,
        maxDependencySpans);
  }

  public LuceneStorageConfig withMaxDependencySpans(int value) {
    return new LuceneStorageConfig(
        dataDir, partitionDuration, refreshInterval, traceRoutingCacheSize, ramBufferSizeMb, value);
  }
}
