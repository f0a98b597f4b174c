package io.tracemate.logql.engine;

import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.StreamEntry;
import io.tracemate.logs.StreamRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LogReader over a fixed list of streams, honouring the SPI contract: [start, end) ranges, direction (equal
 * timestamps in arrival order forward, reversed backward), requiredSubstrings, stats. Thread-safe (immutable).
 */
final class InMemoryLogReader implements LogReader {
  private final List<LogStream> streams;
  /** Called for every entry a cursor returns (tests inject slowness or clock advances here). */
  private final Runnable onEntry;
  final AtomicInteger cursorsOpened = new AtomicInteger();
  final List<List<String>> substringsSeen = Collections.synchronizedList(new ArrayList<>());

  InMemoryLogReader(List<LogStream> streams) {
    this(streams, () -> { });
  }

  InMemoryLogReader(List<LogStream> streams, Runnable onEntry) {
    List<LogStream> sorted = new ArrayList<>();
    for (LogStream stream : streams) {
      List<LogEntry> entries = new ArrayList<>(stream.entries());
      entries.sort(Comparator.comparingLong(LogEntry::timestampNanos)); // stable: arrival order kept on ties
      sorted.add(new LogStream(stream.labels(), entries));
    }
    this.streams = List.copyOf(sorted);
    this.onEntry = onEntry;
  }

  private static boolean inRange(LogEntry e, LogSelection s) {
    return e.timestampNanos() >= s.startNanos() && e.timestampNanos() < s.endNanos();
  }

  @Override
  public List<StreamRef> streams(LogSelection selection) {
    List<StreamRef> refs = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      LogStream stream = streams.get(i);
      if (selection.matches(stream.labels()) && stream.entries().stream().anyMatch(e -> inRange(e, selection))) {
        refs.add(new StreamRef(i, stream.labels()));
      }
    }
    return refs;
  }

  @Override
  public LogCursor entries(LogSelection selection, StreamRef stream, Direction direction,
      List<String> requiredSubstrings, ScanStats stats) {
    cursorsOpened.incrementAndGet();
    substringsSeen.add(List.copyOf(requiredSubstrings));
    List<LogEntry> selected = new ArrayList<>();
    for (LogEntry entry : streams.get((int) stream.id()).entries()) {
      if (inRange(entry, selection)) {
        selected.add(entry);
      }
    }
    if (direction == Direction.BACKWARD) {
      Collections.reverse(selected);
    }
    Iterator<LogEntry> it = selected.iterator();
    return new LogCursor() {
      private LogEntry next = advance();

      private LogEntry advance() {
        while (it.hasNext()) {
          LogEntry e = it.next();
          stats.addLines(1, e.lineBytes());
          onEntry.run();
          if (requiredSubstrings.stream().allMatch(e.line()::contains)) {
            return e;
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
        next = advance();
        return current;
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public List<String> labelNames(String tenant, long startNanos, long endNanos) {
    TreeSet<String> names = new TreeSet<>();
    streams.forEach(s -> names.addAll(s.labels().names()));
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name) {
    TreeSet<String> values = new TreeSet<>();
    for (StreamRef ref : streams(selection)) {
      String v = ref.labels().get(name);
      if (v != null) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public IndexStats indexStats(LogSelection selection) {
    long entries = 0;
    long bytes = 0;
    List<StreamRef> refs = streams(selection);
    for (StreamRef ref : refs) {
      for (LogEntry e : streams.get((int) ref.id()).entries()) {
        if (inRange(e, selection)) {
          entries++;
          bytes += e.lineBytes();
        }
      }
    }
    return new IndexStats(refs.size(), refs.size(), entries, bytes);
  }

  @Override
  public List<StreamEntry> byTrace(String tenant, String traceId, String spanId, long startNanos, long endNanos,
      int limit, ScanStats stats) {
    List<StreamEntry> out = new ArrayList<>();
    for (LogStream stream : streams) {
      for (LogEntry e : stream.entries()) {
        if (traceId.equals(e.traceId()) && (spanId == null || spanId.equals(e.spanId()))
            && e.timestampNanos() >= startNanos && e.timestampNanos() < endNanos) {
          out.add(new StreamEntry(stream.labels(), e));
        }
      }
    }
    out.sort(Comparator.comparingLong(se -> se.entry().timestampNanos()));
    return out.subList(0, Math.min(limit, out.size()));
  }

  static LabelSet labels(String... kv) {
    return LabelSet.of(kv);
  }
}
