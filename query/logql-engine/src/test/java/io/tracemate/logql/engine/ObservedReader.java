package io.tracemate.logql.engine;

import io.tracemate.logs.Direction;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.logs.model.Tenants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reader of an in-memory reference store ({@link InMemoryLogStore}, which passes the log store contract suite),
 * observed: it counts the cursors opened and the substrings pushed down with them, and runs a hook for every entry a
 * cursor returns (tests inject slowness or clock advances there). Thread-safe.
 */
final class ObservedReader extends ForwardingReader {
  final AtomicInteger cursorsOpened = new AtomicInteger();
  final List<List<String>> substringsSeen = Collections.synchronizedList(new ArrayList<>());
  private final Runnable onEntry;

  private ObservedReader(InMemoryLogStore store, Runnable onEntry) {
    super(store.reader());
    this.onEntry = onEntry;
  }

  /** A reader over these streams, stored as one push of the default tenant. */
  static ObservedReader of(List<LogStream> streams) {
    return of(streams, () -> {});
  }

  /** {@link #of(List)}, running {@code onEntry} for every entry a cursor returns. */
  static ObservedReader of(List<LogStream> streams, Runnable onEntry) {
    InMemoryLogStore store = new InMemoryLogStore();
    store.writer().write(0, Tenants.DEFAULT, streams);
    return new ObservedReader(store, onEntry);
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats) {
    cursorsOpened.incrementAndGet();
    substringsSeen.add(List.copyOf(requiredSubstrings));
    LogCursor cursor = super.entries(selection, stream, direction, requiredSubstrings, stats);
    return new LogCursor() {
      @Override
      public boolean hasNext() {
        return cursor.hasNext();
      }

      @Override
      public LogEntry next() {
        LogEntry entry = cursor.next();
        onEntry.run();
        return entry;
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }
}
