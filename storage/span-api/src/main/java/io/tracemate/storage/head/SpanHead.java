package io.tracemate.storage.head;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The spans acknowledged to their clients that a store may not show yet, in memory, per tenant: what Tempo's
 * ingesters and Loki's hold as their head. A batch enters when it is durable (before its client is acknowledged)
 * and leaves once the store shows it ({@link #readableThrough}), so a query merged with it ({@link HeadTraceReader})
 * sees every acknowledged span at once, whatever the applier's lag and the store's refresh interval.
 *
 * <p>Each batch is one segment, numbered by its write-ahead-log sequence; a segment indexes its spans by trace ID
 * for trace-by-ID reads, and a search scans the segments of its tenants (the head holds about a refresh interval
 * of spans, so a scan is short). Memory is bounded by {@link SpanHeadLimits}: past a tenant's bound its oldest
 * segments go, past the total bound the oldest of all; a span that goes before the store shows it is counted
 * ({@link #spansDroppedEarly()}): the store will still show it after its refresh, it only loses the head's
 * promptness.
 *
 * <p>Thread-safe: segments are added and dropped under one lock (by the log's thread, the applier and the
 * flusher), readers take no lock.
 */
public final class SpanHead {
  /** Heap of the head's own structures per (segment, trace): map entry, piece record, list and array slot. */
  private static final long PIECE_OVERHEAD = 120;

  private final SpanHeadLimits limits;
  private final Map<TenantId, TenantHead> tenants = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong spans = new AtomicLong();
  private final LongAdder droppedEarly = new LongAdder();
  private final Object lock = new Object();

  public SpanHead(SpanHeadLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** One batch: its sequence, its spans grouped by trace, and what it costs. */
  private record Segment(
      long sequence, TenantId tenant, Map<TraceId, List<Span>> byTrace, int spans, long bytes) {}

  /** One tenant's segments in sequence order, and its trace index: trace ID → the segments holding it. */
  private static final class TenantHead {
    final ConcurrentLinkedDeque<Segment> segments = new ConcurrentLinkedDeque<>();
    final Map<TraceId, Segment[]> traces = new ConcurrentHashMap<>();
    long bytes; // under the head's lock
  }

  /**
   * Adds one durable batch. Called in sequence order (the log's thread acknowledges in order).
   *
   * @param heapBytes the batch's estimated heap (what the queue weighed it at)
   */
  public void add(long sequence, TenantId tenant, List<Span> batch, long heapBytes) {
    if (batch.isEmpty()) {
      return;
    }
    Map<TraceId, List<Span>> byTrace = new HashMap<>();
    for (Span span : batch) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>(4)).add(span);
    }
    long cost = heapBytes + PIECE_OVERHEAD * byTrace.size();
    Segment segment = new Segment(sequence, tenant, byTrace, batch.size(), cost);
    synchronized (lock) {
      TenantHead head = tenants.computeIfAbsent(tenant, t -> new TenantHead());
      head.segments.addLast(segment);
      for (TraceId traceId : byTrace.keySet()) {
        head.traces.merge(traceId, new Segment[] {segment}, SpanHead::appended);
      }
      head.bytes += cost;
      bytes.addAndGet(cost);
      spans.addAndGet(segment.spans());
      while (head.bytes > limits.maxTenantBytes() && !head.segments.isEmpty()) {
        dropOldest(head, true);
      }
      while (bytes.get() > limits.maxBytes()) {
        TenantHead oldest = oldestHead();
        if (oldest == null) {
          break;
        }
        dropOldest(oldest, true);
      }
    }
  }

  private static Segment[] appended(Segment[] present, Segment[] one) {
    Segment[] grown = java.util.Arrays.copyOf(present, present.length + 1);
    grown[present.length] = one[0];
    return grown;
  }

  /** The store shows every record through {@code sequence}: the head lets go of them. */
  public void readableThrough(long sequence) {
    synchronized (lock) {
      for (TenantHead head : tenants.values()) {
        Segment first;
        while ((first = head.segments.peekFirst()) != null && first.sequence() <= sequence) {
          dropOldest(head, false);
        }
      }
      tenants.values().removeIf(head -> head.segments.isEmpty());
    }
  }

  /** Under the lock. */
  private void dropOldest(TenantHead head, boolean early) {
    Segment segment = head.segments.pollFirst();
    if (segment == null) {
      return;
    }
    for (TraceId traceId : segment.byTrace().keySet()) {
      head.traces.computeIfPresent(traceId, (id, present) -> without(present, segment));
    }
    head.bytes -= segment.bytes();
    bytes.addAndGet(-segment.bytes());
    spans.addAndGet(-segment.spans());
    if (early) {
      droppedEarly.add(segment.spans());
    }
  }

  private static Segment[] without(Segment[] present, Segment gone) {
    int kept = 0;
    Segment[] rest = new Segment[present.length];
    for (Segment segment : present) {
      if (segment != gone) {
        rest[kept++] = segment;
      }
    }
    return kept == 0 ? null : java.util.Arrays.copyOf(rest, kept);
  }

  /** Under the lock: the tenant whose oldest segment is the oldest of all. */
  private TenantHead oldestHead() {
    TenantHead oldest = null;
    long oldestSequence = Long.MAX_VALUE;
    for (TenantHead head : tenants.values()) {
      Segment first = head.segments.peekFirst();
      if (first != null && first.sequence() < oldestSequence) {
        oldest = head;
        oldestSequence = first.sequence();
      }
    }
    return oldest;
  }

  /** The head's spans of one tenant's trace, in arrival order; empty when it holds none. */
  public List<Span> trace(TenantId tenant, TraceId traceId) {
    TenantHead head = tenants.get(tenant);
    Segment[] segments = head == null ? null : head.traces.get(traceId);
    if (segments == null) {
      return List.of();
    }
    List<Span> found = new ArrayList<>();
    for (Segment segment : segments) {
      List<Span> piece = segment.byTrace().get(traceId);
      if (piece != null) {
        found.addAll(piece);
      }
    }
    return found;
  }

  /** Hands every span the head holds for {@code tenant} to {@code visitor}, oldest batch first. */
  public void forEachSpan(TenantId tenant, Consumer<Span> visitor) {
    TenantHead head = tenants.get(tenant);
    if (head == null) {
      return;
    }
    for (Segment segment : head.segments) {
      for (List<Span> piece : segment.byTrace().values()) {
        piece.forEach(visitor);
      }
    }
  }

  /** Whether the head holds any span of {@code tenant}. */
  public boolean holds(TenantId tenant) {
    TenantHead head = tenants.get(tenant);
    return head != null && !head.segments.isEmpty();
  }

  /** Spans held now. */
  public long spans() {
    return spans.get();
  }

  /** Estimated heap held now, bytes. */
  public long bytes() {
    return bytes.get();
  }

  /** Spans dropped by a memory bound before the store showed them, since start. */
  public long spansDroppedEarly() {
    return droppedEarly.sum();
  }
}
