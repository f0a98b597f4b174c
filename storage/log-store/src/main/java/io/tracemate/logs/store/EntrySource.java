package io.tracemate.logs.store;

import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A time-sorted run of one stream's entries that a {@link MergeCursor} merges: a chunk or a head block. Starts
 * unopened, known only by its time bound, so that a cursor decompresses a chunk only when the merge reaches it.
 */
abstract sealed class EntrySource permits EntrySource.ChunkSource, EntrySource.HeadSource {
  /** Arrival order: breaks ties between equal timestamps of overlapping sources. */
  final long sequence;

  /** Before opening: the first timestamp the source can return in scan order; after: the current one. */
  long key;

  boolean opened;

  EntrySource(long sequence, long bound) {
    this.sequence = sequence;
    this.key = bound;
  }

  /** Loads and positions at the first selected entry; false when nothing in it is selected. */
  abstract boolean open(ScanContext context);

  abstract LogEntry current();

  /** Moves to the next selected entry; false (and buffers released) when done. */
  abstract boolean advance(ScanContext context);

  static final class ChunkSource extends EntrySource {
    private final Partition partition;
    private final ChunkMeta meta;
    private DecodedChunk chunk;
    private int[] selected;
    private int count;
    private int position;

    ChunkSource(Partition partition, ChunkMeta meta, boolean forward) {
      super(meta.sequence(), forward ? meta.minTs() : meta.maxTs());
      this.partition = partition;
      this.meta = meta;
    }

    @Override
    boolean open(ScanContext context) {
      opened = true;
      chunk = context.read(partition, meta);
      int from = chunk.lowerBound(context.startNanos);
      int to = chunk.lowerBound(context.endNanos);
      context.stats.addLines(to - from, chunk.lineStart[to] - chunk.lineStart[from]);
      selected = new int[Math.max(0, to - from)];
      count = context.filter.select(chunk, from, to, selected);
      if (count == 0) {
        context.release(chunk);
        chunk = null;
        return false;
      }
      position = context.forward ? 0 : count - 1;
      key = chunk.timestamps[selected[position]];
      return true;
    }

    @Override
    LogEntry current() {
      return chunk.entry(selected[position]);
    }

    @Override
    boolean advance(ScanContext context) {
      position += context.forward ? 1 : -1;
      if (position < 0 || position >= count) {
        context.release(chunk);
        chunk = null;
        return false;
      }
      key = chunk.timestamps[selected[position]];
      return true;
    }
  }

  static final class HeadSource extends EntrySource {
    private final StreamSnapshot snapshot;
    private List<LogEntry> selected;
    private int position;

    HeadSource(StreamSnapshot snapshot, boolean forward) {
      // The head holds the newest arrivals of the stream in its partition.
      super(Long.MAX_VALUE, forward ? Long.MIN_VALUE : Long.MAX_VALUE);
      this.snapshot = snapshot;
    }

    @Override
    boolean open(ScanContext context) {
      opened = true;
      context.cancellation.check();
      LogEntry[] entries = Arrays.copyOf(snapshot.head(), snapshot.headSize());
      if (!snapshot.headSorted()) {
        Arrays.sort(entries, Comparator.comparingLong(LogEntry::timestampNanos));
      }
      selected = new ArrayList<>();
      long lines = 0;
      long bytes = 0;
      for (LogEntry entry : entries) {
        long ts = entry.timestampNanos();
        if (ts >= context.startNanos && ts < context.endNanos) {
          lines++;
          bytes += entry.lineBytes();
          if (context.filter.matches(entry.line())) {
            selected.add(entry);
          }
        }
      }
      context.stats.addLines(lines, bytes);
      if (selected.isEmpty()) {
        return false;
      }
      position = context.forward ? 0 : selected.size() - 1;
      key = selected.get(position).timestampNanos();
      return true;
    }

    @Override
    LogEntry current() {
      return selected.get(position);
    }

    @Override
    boolean advance(ScanContext context) {
      position += context.forward ? 1 : -1;
      if (position < 0 || position >= selected.size()) {
        return false;
      }
      key = selected.get(position).timestampNanos();
      return true;
    }
  }
}
