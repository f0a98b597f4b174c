package io.tracemate.logs.store;

import io.tracemate.logs.LogCursor;
import io.tracemate.logs.model.LogEntry;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges the sorted runs (chunks, heads) of one stream into one time-ordered sequence. Chunks of a stream are
 * normally disjoint in time, so only one is decompressed at a time; when they overlap (out-of-order writes)
 * the queue interleaves them, with arrival order breaking timestamp ties (forward) or reversed (backward).
 * An unopened source sorts before opened ones with the same key, so it is opened before a tie is decided.
 */
final class MergeCursor implements LogCursor {
  private final ScanContext context;
  private final PriorityQueue<EntrySource> queue;
  private LogEntry next;

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
      next = source.current();
      if (source.advance(context)) {
        queue.add(source);
      }
    }
    return true;
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
    next = null;
  }
}
