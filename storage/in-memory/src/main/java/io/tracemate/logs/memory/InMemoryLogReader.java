package io.tracemate.logs.memory;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.TraceEntry;
import io.tracemate.logs.memory.LogTable.Slice;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;

/**
 * {@link LogReader} over a {@link LogTable}: every stream is one chunk, scanned whole. A cursor reads a copy of the
 * stream's entries taken when it was opened. Thread-safe.
 */
final class InMemoryLogReader implements LogReader {
  private final LogTable table;

  InMemoryLogReader(LogTable table) {
    this.table = table;
  }

  @Override
  public List<StreamRef> streams(LogSelection selection) {
    return table.select(selection).stream().map(Slice::ref).toList();
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats) {
    List<LogEntry> entries = table.entries(selection, stream.id());
    if (!entries.isEmpty()) {
      stats.addChunk(new Slice(stream, entries).lineBytes());
    }
    return new ScanCursor(
        direction == Direction.BACKWARD ? entries.reversed() : entries, requiredSubstrings, stats);
  }

  /** Scans a copy of a stream's entries, counting each in the stats and returning those holding every substring. */
  private static final class ScanCursor implements LogCursor {
    private final Iterator<LogEntry> scanned;
    private final List<String> requiredSubstrings;
    private final ScanStats stats;
    private LogEntry next;

    ScanCursor(List<LogEntry> entries, List<String> requiredSubstrings, ScanStats stats) {
      this.scanned = entries.iterator();
      this.requiredSubstrings = requiredSubstrings;
      this.stats = stats;
      this.next = advance();
    }

    private LogEntry advance() {
      while (scanned.hasNext()) {
        LogEntry entry = scanned.next();
        stats.addLines(1, entry.lineBytes());
        if (containsAll(entry.line(), requiredSubstrings)) {
          return entry;
        }
      }
      return null;
    }

    private static boolean containsAll(String line, List<String> substrings) {
      for (String substring : substrings) {
        if (!line.contains(substring)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public LogEntry next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      LogEntry current = next;
      next = advance();
      return current;
    }

    @Override
    public void close() {}
  }

  @Override
  public List<String> labelNames(TenantScope tenants, long startNanos, long endNanos) {
    TreeSet<String> names = new TreeSet<>();
    for (Slice slice : table.select(new LogSelection(tenants, List.of(), startNanos, endNanos))) {
      names.addAll(slice.ref().labels().names());
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name) {
    TreeSet<String> values = new TreeSet<>();
    for (Slice slice : table.select(selection)) {
      String value = slice.ref().labels().get(name);
      if (value != null) {
        values.add(value);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public IndexStats indexStats(LogSelection selection) {
    List<Slice> slices = table.select(selection);
    long entries = 0;
    long bytes = 0;
    for (Slice slice : slices) {
      entries += slice.entries().size();
      bytes += slice.lineBytes();
    }
    return new IndexStats(slices.size(), slices.size(), entries, bytes);
  }

  /** Exact: the entries in the range, one chunk per stream. */
  @Override
  public List<StreamStats> streamStats(LogSelection selection) {
    return table.select(selection).stream()
        .map(slice -> new StreamStats(slice.ref(), 1, slice.entries().size(), slice.lineBytes()))
        .toList();
  }

  /** Scans the tenants' streams; a stream holding the trace counts as one chunk read whole. */
  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats) {
    List<TraceEntry> found = new ArrayList<>();
    for (Slice slice : table.select(new LogSelection(tenants, List.of(), startNanos, endNanos))) {
      int before = found.size();
      for (LogEntry entry : slice.entries()) {
        if (traceId.equals(entry.traceId()) && (spanId == null || spanId.equals(entry.spanId()))) {
          found.add(new TraceEntry(slice.ref(), entry));
        }
      }
      if (found.size() > before) {
        stats.addChunk(slice.lineBytes());
        stats.addLines(slice.entries().size(), slice.lineBytes());
      }
    }
    found.sort(
        Comparator.comparingLong(e -> e.entry().timestampNanos())); // stable: stream order on ties
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }
}
