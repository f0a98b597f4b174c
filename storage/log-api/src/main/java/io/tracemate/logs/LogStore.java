package io.tracemate.logs;

import io.tracemate.common.tenant.RetentionPolicy;
import java.time.Instant;

/**
 * A log storage backend: the embedded default or a distributed engine. Every backend passes the same contract
 * suite.
 */
public interface LogStore extends AutoCloseable {

  LogWriter writer();

  LogReader reader();

  /**
   * Deletes what the policy no longer keeps. When the call returns, no read returns an entry of tenant {@code t}
   * that lies in a unit of deletion (a time partition, or a single entry) ending at or before
   * {@code policy.cutoffFor(t)}; nothing younger, and nothing of another tenant, is touched.
   *
   * <p>Disk space: what lies before {@link RetentionPolicy#earliestCutoff()} (no tenant keeps it) is deleted
   * whole, at once. A tenant whose cutoff is later than that is hidden from reads at once, and its data between
   * the two cutoffs is removed from disk by rewriting what it shares with other tenants; a backend bounds that
   * work per call and says in its own documentation how many calls it may take.
   *
   * @return how many entries went (hidden or removed)
   */
  long enforceRetention(RetentionPolicy policy);

  /** {@link #enforceRetention(RetentionPolicy)} with one cutoff for every tenant. */
  default long enforceRetention(Instant cutoff) {
    return enforceRetention(RetentionPolicy.uniform(cutoff));
  }

  LogStoreStats stats();

  /** Flushes and releases files. */
  @Override
  void close();
}
