package io.tracemate.storage;

import io.tracemate.common.tenant.RetentionPolicy;
import java.time.Instant;

/**
 * One span store. Thread-safe: its parts may be used from many threads at once.
 * Closing it flushes what was written and releases files and connections.
 */
public interface StorageBackend extends AutoCloseable {

  SpanWriter spanWriter();

  TraceReader traceReader();

  DependencyReader dependencyReader();

  /**
   * Deletes what the policy no longer keeps. When the call returns, no read returns a span of tenant {@code t}
   * whose trace lives in a time partition that ends at or before {@code policy.cutoffFor(t)}; nothing in a younger
   * partition, and nothing of another tenant, is touched. A trace goes whole: its spans live in one partition
   * (the one that saw the trace first), so a trace is never returned partially deleted. Spans of such a tenant
   * and partition written later are discarded.
   *
   * <p>Disk space: partitions older than {@link RetentionPolicy#earliestCutoff()} (no tenant keeps them) are
   * deleted whole, at once. A tenant whose cutoff is later than that loses its spans of the partitions between
   * the two cutoffs by a deletion within the partition, whose space the backend reclaims before the call returns
   * or says in its own documentation when and how boundedly it does.
   *
   * @return how many partitions were dropped whole or lost a tenant's spans
   */
  int enforceRetention(RetentionPolicy policy);

  /** {@link #enforceRetention(RetentionPolicy)} with one cutoff for every tenant. */
  default int enforceRetention(Instant cutoff) {
    return enforceRetention(RetentionPolicy.uniform(cutoff));
  }

  /** Size and counts for monitoring; cheap enough to call on every metrics scrape. */
  StorageStats stats();

  @Override
  void close();
}
