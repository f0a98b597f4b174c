package io.tracemate.queue.wal;

/** What the log reports for monitoring; called from the log's writer thread, so keep it cheap. */
public interface WalObserver {

  /** One group commit: how many records and bytes it wrote, and how long its fsync took. */
  void committed(int records, long bytes, long fsyncNanos);

  WalObserver NONE = (records, bytes, fsyncNanos) -> {};
}
