package io.tracemate.queue.spans;

import io.tracemate.component.SpanBatch;
import io.tracemate.queue.FreshReads;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.head.SpanHead;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Fills the {@link SpanHead} from the span queue and empties it as the store catches up: a batch enters when it is
 * durable (before its client is acknowledged, so whoever saw the acknowledgement finds it), and leaves once the
 * store shows it: after a flush covered it, or once a refresh of the store began after the write that stored it
 * ({@link SpanWriter#visibleBeforeNanos()}). The marks between the two, (stored through sequence, when), are few:
 * one per {@value #MARK_NANOS_MILLIS} ms at most.
 */
public final class SpanHeadFeed implements FreshReads<SpanBatch> {
  private static final long MARK_NANOS_MILLIS = 10;
  private static final long MARK_NANOS = MARK_NANOS_MILLIS * 1_000_000;

  private final SpanHead head;
  private final SpanWriter store;
  private final ArrayDeque<Mark> marks = new ArrayDeque<>(); // under this
  private long stored = -1; // under this

  /** The store had every record through {@code sequence} when {@code writtenNanos} was read (after the write). */
  private record Mark(long sequence, long writtenNanos) {}

  public SpanHeadFeed(SpanHead head, SpanWriter store) {
    this.head = Objects.requireNonNull(head, "head");
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void durable(long sequence, SpanBatch batch, long heapBytes) {
    head.add(sequence, batch.tenant(), batch.spans(), heapBytes);
  }

  @Override
  public synchronized void stored(long sequence) {
    if (sequence > stored) {
      stored = sequence;
      long now = System.nanoTime();
      Mark last = marks.peekLast();
      if (last != null && now - last.writtenNanos() < MARK_NANOS) {
        // A later time for a later sequence: the earlier records leave a little later, never too
        // early.
        marks.pollLast();
      }
      marks.addLast(new Mark(sequence, now));
    }
    long visibleBefore = store.visibleBeforeNanos();
    if (visibleBefore == Long.MIN_VALUE) {
      return; // only flushes make this store's writes visible
    }
    long readable = -1;
    Mark first;
    while ((first = marks.peekFirst()) != null && first.writtenNanos() - visibleBefore < 0) {
      readable = marks.pollFirst().sequence();
    }
    if (readable >= 0) {
      head.readableThrough(readable);
    }
  }

  @Override
  public synchronized void flushed(long sequence) {
    while (!marks.isEmpty() && marks.peekFirst().sequence() <= sequence) {
      marks.pollFirst();
    }
    head.readableThrough(sequence);
  }
}
