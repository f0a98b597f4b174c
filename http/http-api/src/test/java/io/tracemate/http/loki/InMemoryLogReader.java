package io.tracemate.http.loki;

import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LabelSet;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogEntry;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStream;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamEntry;
import io.tracemate.logs.StreamRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A small {@link LogReader} over streams held in memory, honouring the SPI's contract (time ranges with an
 * exclusive end, direction, substring push-down, scan stats, trace lookup oldest first). One chunk per stream.
 * Thread-safe for reads after {@link #add}; tests fill it before the server is queried.
 */
final class InMemoryLogReader implements LogReader {
  private record Stored(String tenant, long id, LabelSet labels, List<LogEntry> entries) {}

  private final Map<List<Object>, Stored> streams = new LinkedHashMap<>();

  synchronized void add(String tenant, LogStream stream) {
    Stored stored = streams.computeIfAbsent(List.of(tenant, stream.labels()),
        k -> new Stored(tenant, streams.size() + 1L, stream.labels(), new ArrayList<>()));
    stored.entries().addAll(stream.entries());
    stored.entries().sort(Comparator.comparingLong(LogEntry::timestampNanos));
  }

  synchronized void clear() {
    streams.clear();
  }

  private synchronized List<Stored> snapshot() {
    return List.copyOf(streams.values());
  }

  private static List<LogEntry> inRange(Stored stored, long start, long end) {
    return stored.entries().stream().filter(e -> e.timestampNanos() >= start && e.timestampNanos() < end).toList();
  }

  private List<Stored> selected(LogSelection selection) {
    return snapshot().stream()
        .filter(s -> s.tenant().equals(selection.tenant()) && selection.matches(s.labels()))
        .filter(s -> !inRange(s, selection.startNanos(), selection.endNanos()).isEmpty())
        .toList();
  }

  @Override
  public List<StreamRef> streams(LogSelection selection) {
    return selected(selection).stream().map(s -> new StreamRef(s.id(), s.labels())).toList();
  }

  @Override
  public LogCursor entries(LogSelection selection, StreamRef stream, Direction direction,
      List<String> requiredSubstrings, ScanStats stats) {
    Stored stored = snapshot().stream().filter(s -> s.id() == stream.id()).findFirst().orElseThrow();
    List<LogEntry> entries = new ArrayList<>(inRange(stored, selection.startNanos(), selection.endNanos()));
    if (direction == Direction.BACKWARD) {
      java.util.Collections.reverse(entries);
    }
    stats.addChunk(100);
    Iterator<LogEntry> all = entries.iterator();
    return new LogCursor() {
      private LogEntry next = advance();

      private LogEntry advance() {
        while (all.hasNext()) {
          LogEntry entry = all.next();
          stats.addLines(1, entry.lineBytes());
          if (requiredSubstrings.stream().allMatch(entry.line()::contains)) {
            return entry;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public LogEntry next() {
        LogEntry current = next;
        if (current == null) {
          throw new java.util.NoSuchElementException();
        }
        next = advance();
        return current;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public List<String> labelNames(String tenant, long startNanos, long endNanos) {
    TreeSet<String> names = new TreeSet<>();
    for (Stored stored : selected(new LogSelection(tenant, List.of(), startNanos, endNanos))) {
      names.addAll(stored.labels().names());
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name) {
    TreeSet<String> values = new TreeSet<>();
    for (Stored stored : selected(selection)) {
      String value = stored.labels().get(name);
      if (value != null) {
        values.add(value);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public IndexStats indexStats(LogSelection selection) {
    long streamCount = 0;
    long entries = 0;
    long bytes = 0;
    for (Stored stored : selected(selection)) {
      streamCount++;
      for (LogEntry entry : inRange(stored, selection.startNanos(), selection.endNanos())) {
        entries++;
        bytes += entry.lineBytes();
      }
    }
    return new IndexStats(streamCount, streamCount, entries, bytes);
  }

  @Override
  public List<StreamEntry> byTrace(String tenant, String traceId, String spanId, long startNanos, long endNanos,
      int limit, ScanStats stats) {
    List<StreamEntry> found = new ArrayList<>();
    for (Stored stored : snapshot()) {
      if (!stored.tenant().equals(tenant)) {
        continue;
      }
      for (LogEntry entry : inRange(stored, startNanos, endNanos)) {
        stats.addLines(1, entry.lineBytes());
        if (traceId.equals(entry.traceId()) && (spanId == null || spanId.equals(entry.spanId()))) {
          found.add(new StreamEntry(stored.labels(), entry));
        }
      }
    }
    found.sort(Comparator.comparingLong(e -> e.entry().timestampNanos()));
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }
}
