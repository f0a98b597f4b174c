package io.tracemate.storage.memory;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TenantTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spans of an {@link InMemoryStorage}, by tenant and trace: a trace is one tenant's, so one trace ID written for
 * two tenants is two traces. Every read names the tenants it covers, and this table is the one place that keeps a
 * read within them. A trace lives in the time partition of the first of its spans
 * that arrived (the Lucene store routes the same way), so retention drops traces whole. Thread-safe: every method
 * holds the table's lock, and what it returns is a copy.
 */
final class SpanTable {
  private final long partitionNanos;
  private final Map<TraceKey, StoredTrace> traces = new HashMap<>();

  /** The last retention run's policy: a tenant's partitions ending at or before its cutoff are gone, late spans too. */
  private RetentionPolicy retention = RetentionPolicy.uniform(Instant.MIN);

  private boolean closed;

  /** What tells traces apart: one tenant's trace ID. */
  private record TraceKey(TenantId tenant, TraceId traceId) {}

  /** One trace: its partition's start and its distinct spans in arrival order. */
  private record StoredTrace(long partitionStartNanos, Set<Span> spans) {}

  SpanTable(long partitionNanos) {
    this.partitionNanos = partitionNanos;
  }

  synchronized void add(TenantId tenant, List<Span> spans) {
    ensureOpen();
    for (Span span : spans) {
      TraceKey key = new TraceKey(tenant, span.traceId());
      StoredTrace trace = traces.get(key);
      if (trace == null) {
        long partition = Math.floorDiv(span.startEpochNanos(), partitionNanos) * partitionNanos;
        if (partition + partitionNanos <= cutoffNanos(tenant)) {
          continue; // its partition is gone: a late span must not bring back part of a dropped
          // trace
        }
        trace = new StoredTrace(partition, new LinkedHashSet<>());
        traces.put(key, trace);
      }
      trace.spans().add(span);
    }
  }

  /**
   * The trace of that ID of each tenant of the scope that holds one, in tenant order, its distinct spans ordered by
   * start time (arrival order on ties).
   */
  synchronized List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    ensureOpen();
    List<TenantTrace> found = new ArrayList<>(1);
    for (TenantId tenant : scope.asSet()) {
      StoredTrace trace = traces.get(new TraceKey(tenant, traceId));
      if (trace != null) {
        found.add(new TenantTrace(tenant, new Trace(traceId, sorted(trace.spans()))));
      }
    }
    return found;
  }

  /** Every trace of the scope's tenants, its spans ordered as {@link #trace} orders them. */
  synchronized List<TenantTrace> traces(TenantScope scope) {
    ensureOpen();
    List<TenantTrace> all = new ArrayList<>();
    for (Map.Entry<TraceKey, StoredTrace> entry : traces.entrySet()) {
      TraceKey key = entry.getKey();
      if (scope.contains(key.tenant())) {
        all.add(
            new TenantTrace(
                key.tenant(), new Trace(key.traceId(), sorted(entry.getValue().spans()))));
      }
    }
    return all;
  }

  private static List<Span> sorted(Set<Span> spans) {
    List<Span> list = new ArrayList<>(spans);
    list.sort(Comparator.comparingLong(Span::startEpochNanos));
    return List.copyOf(list);
  }

  /**
   * Drops each tenant's traces of the partitions that end at or before its cutoff; returns how many (tenant,
   * partition) pairs lost traces.
   */
  synchronized int enforce(RetentionPolicy policy) {
    ensureOpen();
    retention = policy;
    Set<List<Object>> dropped = new HashSet<>();
    for (Iterator<Map.Entry<TraceKey, StoredTrace>> it = traces.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<TraceKey, StoredTrace> entry = it.next();
      long start = entry.getValue().partitionStartNanos();
      if (start + partitionNanos <= cutoffNanos(entry.getKey().tenant())) {
        dropped.add(List.of(entry.getKey().tenant(), start));
        it.remove();
      }
    }
    return dropped.size();
  }

  private long cutoffNanos(TenantId tenant) {
    return InMemoryStorage.epochNanos(retention.cutoffFor(tenant));
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
    retention = RetentionPolicy.uniform(Instant.MIN);
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
