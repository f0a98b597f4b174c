package io.tracemate.logs.store;

import io.tracemate.logs.LogCursor;
import io.tracemate.logs.model.LogEntry;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Merges the sorted runs (chunks, heads) of one stream into one time-ordered sequence. Chunks of a stream are
 * normally disjoint in time, so only one is decompressed at a time; when they overlap (out-of-order writes)
 * the queue interleaves them, with arrival order breaking timestamp ties (forward) or reversed (backward).
 * An unopened source sorts before opened ones with the same key, so it is opened before a tie is decided.
 *
 * <p>Entries with the same timestamp, line and structured metadata are one entry, read once (Loki's rule, which its
 * queriers apply to what several ingesters hold): a client that retries a push the Kafka queue took in part (one
 * record per stream) writes the streams Kafka had taken twice, and a reader must not see them twice. Lines that
 * differ, or the same line at another timestamp, are all kept. At most {@value #MAX_REMEMBERED} entries of one
 * timestamp are remembered; beyond that many distinct entries at a single nanosecond, copies may show.
 */
final class MergeCursor implements LogCursor {
  private final ScanContext context;
  private final PriorityQueue<EntrySource> queue;
  private static final int MAX_REMEMBERED = 4096;

  private LogEntry next;
  private long lastTimestamp;
  private final Set<LogEntry> atLastTimestamp = new HashSet<>();

  MergeCursor(ScanContext context, List<EntrySource> sources) {
    this.context = context;
    Comparator<EntrySource> byKey = Comparator.comparingLong(s -> s.key);
    Comparator<EntrySource> bySequence = Comparator.comparingLong(s -> s.sequence);
    Comparator<EntrySource> order =
        context.forward
            ? byKey.thenComparing(s -> s.opened).thenComparing(bySequence)
            : byKey.reversed().thenComparing(s -> s.opened).thenComparing(bySequence.reversed());
    this.queue = new PriorityQueue<>(Math.max(1, sources.size()), order);
    queue.addAll(sources);
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      EntrySource source = queue.poll();
      if (source == null) {
        return false;
      }
      if (!source.opened) {
        if (source.open(context)) {
          queue.add(source);
        }
        continue;
      }
      LogEntry candidate = source.current();
      if (source.advance(context)) {
        queue.add(source);
      }
      if (!seenBefore(candidate)) {
        next = candidate;
      }
    }
    return true;
  }

  private boolean seenBefore(LogEntry entry) {
    if (atLastTimestamp.isEmpty() || entry.timestampNanos() != lastTimestamp) {
      atLastTimestamp.clear();
      lastTimestamp = entry.timestampNanos();
    }
    if (atLastTimestamp.contains(entry)) {
      return true;
    }
    if (atLastTimestamp.size() < MAX_REMEMBERED) {
      atLastTimestamp.add(entry);
    }
    return false;
  }

  @Override
  public LogEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LogEntry entry = next;
    next = null;
    return entry;
  }

  @Override
  public void close() {
    queue.clear();
    atLastTimestamp.clear();
    next = null;
  }
}
