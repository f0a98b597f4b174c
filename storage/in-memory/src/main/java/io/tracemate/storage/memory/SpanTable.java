package io.tracemate.storage.memory;

import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The spans of an {@link InMemoryStorage}, by trace. A trace lives in the time partition of the first of its spans
 * that arrived (the Lucene store routes the same way), so retention drops traces whole. Thread-safe: every method
 * holds the table's lock, and what it returns is a copy.
 */
final class SpanTable {
  private final long partitionNanos;
  private final Map<TraceId, StoredTrace> traces = new HashMap<>();

  /** Partitions that end at or before this instant (epoch ns) were dropped; late spans of theirs are too. */
  private long droppedBeforeNanos = Long.MIN_VALUE;

  private boolean closed;

  /** One trace: its partition's start and its distinct spans in arrival order. */
  private record StoredTrace(long partitionStartNanos, Set<Span> spans) {}

  SpanTable(long partitionNanos) {
    this.partitionNanos = partitionNanos;
  }

  synchronized void add(List<Span> spans) {
    ensureOpen();
    for (Span span : spans) {
      StoredTrace trace = traces.get(span.traceId());
      if (trace == null) {
        long partition = Math.floorDiv(span.startEpochNanos(), partitionNanos) * partitionNanos;
        if (partition + partitionNanos <= droppedBeforeNanos) {
          continue; // its partition is gone: a late span must not bring back part of a dropped
          // trace
        }
        trace = new StoredTrace(partition, new LinkedHashSet<>());
        traces.put(span.traceId(), trace);
      }
      trace.spans().add(span);
    }
  }

  /** The distinct spans of one trace ordered by start time (arrival order on ties), or empty. */
  synchronized Optional<List<Span>> trace(TraceId traceId) {
    ensureOpen();
    StoredTrace trace = traces.get(traceId);
    return trace == null ? Optional.empty() : Optional.of(sorted(trace.spans()));
  }

  /** Every trace's spans, each list ordered as {@link #trace} orders it. */
  synchronized List<List<Span>> traces() {
    ensureOpen();
    List<List<Span>> all = new ArrayList<>(traces.size());
    for (StoredTrace trace : traces.values()) {
      all.add(sorted(trace.spans()));
    }
    return all;
  }

  private static List<Span> sorted(Set<Span> spans) {
    List<Span> list = new ArrayList<>(spans);
    list.sort(Comparator.comparingLong(Span::startEpochNanos));
    return List.copyOf(list);
  }

  /** Drops the traces of every partition that ends at or before {@code cutoffNanos}; returns how many partitions. */
  synchronized int dropPartitionsEndingBy(long cutoffNanos) {
    ensureOpen();
    droppedBeforeNanos = Math.max(droppedBeforeNanos, cutoffNanos);
    Set<Long> dropped = new HashSet<>();
    for (Iterator<StoredTrace> it = traces.values().iterator(); it.hasNext(); ) {
      StoredTrace trace = it.next();
      if (trace.partitionStartNanos() + partitionNanos <= cutoffNanos) {
        dropped.add(trace.partitionStartNanos());
        it.remove();
      }
    }
    return dropped.size();
  }

  synchronized long spanCount() {
    long count = 0;
    for (StoredTrace trace : traces.values()) {
      count += trace.spans().size();
    }
    return count;
  }

  synchronized int partitionCount() {
    Set<Long> partitions = new HashSet<>();
    traces.values().forEach(trace -> partitions.add(trace.partitionStartNanos()));
    return partitions.size();
  }

  synchronized void clear() {
    traces.clear();
    droppedBeforeNanos = Long.MIN_VALUE;
  }

  /** Forgets everything: an in-memory store keeps nothing once closed. */
  synchronized void close() {
    closed = true;
    traces.clear();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory span store is closed");
    }
  }
}
