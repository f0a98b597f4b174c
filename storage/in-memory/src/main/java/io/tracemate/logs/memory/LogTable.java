package io.tracemate.logs.memory;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streams of an {@link InMemoryLogStore}, per tenant, each with its entries ordered by timestamp (arrival order
 * on ties). Thread-safe: every method holds the table's lock, and what it returns is a copy.
 */
final class LogTable {
  private record Key(String tenant, LabelSet labels) {}

  /** One stream: its handle's ID, and its entries ordered by timestamp, ties in arrival order. */
  private record Stored(long id, TenantId tenant, LabelSet labels, List<LogEntry> entries) {}

  /** A stream's entries in a time range, copied out of the table. */
  record Slice(StreamRef ref, List<LogEntry> entries) {
    long lineBytes() {
      long bytes = 0;
      for (LogEntry entry : entries) {
        bytes += entry.lineBytes();
      }
      return bytes;
    }
  }

  private final Map<Key, Stored> streams = new LinkedHashMap<>();
  private final Map<Long, Stored> byId = new HashMap<>();
  private long nextId = 1;
  private long writtenSequence;
  private long persistedSequence;
  private boolean closed;

  synchronized void write(long walSequence, String tenant, List<LogStream> batch) {
    ensureOpen();
    for (LogStream stream : batch) {
      if (stream.entries().isEmpty()) {
        continue;
      }
      Stored stored =
          streams.computeIfAbsent(
              new Key(tenant, stream.labels()),
              key -> {
                Stored created =
                    new Stored(nextId++, new TenantId(tenant), stream.labels(), new ArrayList<>());
                byId.put(created.id(), created);
                return created;
              });
      for (LogEntry entry : stream.entries()) {
        stored.entries().add(after(stored.entries(), entry.timestampNanos()), entry);
      }
    }
    writtenSequence = Math.max(writtenSequence, walSequence);
  }

  synchronized void flush() {
    ensureOpen();
    persistedSequence = writtenSequence;
  }

  synchronized long persistedSequence() {
    ensureOpen();
    return persistedSequence;
  }

  /** The selection's streams that have entries in its range, with those entries. */
  synchronized List<Slice> select(LogSelection selection) {
    ensureOpen();
    List<Slice> slices = new ArrayList<>();
    for (Stored stored : streams.values()) {
      if (selection.tenants().contains(stored.tenant()) && selection.matches(stored.labels())) {
        Slice slice = slice(stored, selection.startNanos(), selection.endNanos());
        if (!slice.entries().isEmpty()) {
          slices.add(slice);
        }
      }
    }
    return slices;
  }

  /** The entries in the selection's range of one stream, when it is of one of the selection's tenants; else none. */
  synchronized List<LogEntry> entries(LogSelection selection, long streamId) {
    ensureOpen();
    Stored stored = byId.get(streamId);
    if (stored == null || !selection.tenants().contains(stored.tenant())) {
      return List.of();
    }
    return slice(stored, selection.startNanos(), selection.endNanos()).entries();
  }

  /** Entries in [start, end): a sub-list found by binary search, copied. */
  private static Slice slice(Stored stored, long startNanos, long endNanos) {
    List<LogEntry> entries = stored.entries();
    List<LogEntry> inRange =
        List.copyOf(entries.subList(before(entries, startNanos), before(entries, endNanos)));
    return new Slice(new StreamRef(stored.id(), stored.tenant(), stored.labels()), inRange);
  }

  /** The index of the first entry at or after {@code timestampNanos}. */
  private static int before(List<LogEntry> entries, long timestampNanos) {
    int low = 0;
    int high = entries.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (entries.get(mid).timestampNanos() < timestampNanos) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The index after the last entry at or before {@code timestampNanos}: where a new entry of that time goes. */
  private static int after(List<LogEntry> entries, long timestampNanos) {
    return timestampNanos == Long.MAX_VALUE ? entries.size() : before(entries, timestampNanos + 1);
  }

  /** Removes every entry before its tenant's cutoff, and streams left empty; returns how many entries went. */
  synchronized long removeBefore(RetentionPolicy policy) {
    ensureOpen();
    long removed = 0;
    for (Iterator<Stored> it = streams.values().iterator(); it.hasNext(); ) {
      Stored stored = it.next();
      Instant cutoff = policy.cutoffFor(stored.tenant());
      int expired = 0;
      while (expired < stored.entries().size()
          && Instant.ofEpochSecond(0, stored.entries().get(expired).timestampNanos())
              .isBefore(cutoff)) {
        expired++;
      }
      List<LogEntry> old = stored.entries().subList(0, expired);
      removed += old.size();
      old.clear();
      if (stored.entries().isEmpty()) {
        it.remove();
        byId.remove(stored.id());
      }
    }
    return removed;
  }

  /** One chunk per stream (nothing is cut or compressed in memory), one partition, nothing on disk. */
  synchronized LogStoreStats stats() {
    ensureOpen();
    long entries = 0;
    long bytes = 0;
    for (Stored stored : streams.values()) {
      entries += stored.entries().size();
      for (LogEntry entry : stored.entries()) {
        bytes += entry.lineBytes();
      }
    }
    return new LogStoreStats(
        streams.size(), streams.size(), entries, bytes, 0, streams.isEmpty() ? 0 : 1);
  }

  synchronized void clear() {
    streams.clear();
    byId.clear();
    writtenSequence = 0;
    persistedSequence = 0;
  }

  /** Forgets everything: an in-memory store keeps nothing once closed. */
  synchronized void close() {
    clear();
    closed = true;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory log store is closed");
    }
  }
}
