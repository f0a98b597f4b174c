package io.tracemate.logql.engine;

import io.tracemate.logql.engine.pipeline.LabelsBuilder;
import io.tracemate.logql.engine.pipeline.Pipeline;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Reads one time range of a log query: every selected stream through the pipeline, merged by timestamp in the
 * requested direction (ties by final labels), stopping at the limit. Not thread-safe; one per range.
 */
final class LogQueryEvaluator {
  private final QueryContext ctx;
  private final List<LabelMatcher> matchers;
  private final Pipeline pipeline;
  private long read;

  LogQueryEvaluator(QueryContext ctx, List<LabelMatcher> matchers, Pipeline pipeline) {
    this.ctx = ctx;
    this.matchers = matchers;
    this.pipeline = pipeline;
  }

  private static final class Head {
    final LogCursor cursor;
    final LabelSet stream;
    final int order;
    ResultStreamEntry current;
    String labelsKey;

    Head(LogCursor cursor, LabelSet stream, int order) {
      this.cursor = cursor;
      this.stream = stream;
      this.order = order;
    }
  }

  /**
   * Entries with start ≤ ts < end, in direction order, at most {@code limit}; with {@code intervalNanos} > 0 only
   * entries at least that far from the previous one returned (Loki's interval).
   */
  List<ResultStreamEntry> read(
      long startNanos, long endNanos, Direction direction, int limit, long intervalNanos) {
    LogSelection selection = new LogSelection(ctx.tenants, matchers, startNanos, endNanos);
    List<StreamRef> streams = ctx.reader.streams(selection, ctx.cancellation);
    Comparator<Head> byTime = Comparator.comparingLong(h -> h.current.entry().timestampNanos());
    if (direction == Direction.BACKWARD) {
      byTime = byTime.reversed();
    }
    Comparator<Head> order = byTime.thenComparing(h -> h.labelsKey).thenComparingInt(h -> h.order);
    PriorityQueue<Head> heap = new PriorityQueue<>(Math.max(1, streams.size()), order);
    List<Head> opened = new ArrayList<>(streams.size());
    List<ResultStreamEntry> out = new ArrayList<>(Math.min(limit, 1024));
    try {
      for (int i = 0; i < streams.size(); i++) {
        StreamRef ref = streams.get(i);
        LogCursor cursor =
            ctx.reader.entries(
                selection,
                ref,
                direction,
                pipeline.requiredSubstrings(),
                ctx.stats,
                ctx.cancellation);
        Head head = new Head(cursor, ref.labels(), i);
        opened.add(head);
        if (advance(head, startNanos, endNanos)) {
          heap.add(head);
        }
      }
      long lastKept = Long.MIN_VALUE;
      while (!heap.isEmpty() && out.size() < limit) {
        Head head = heap.poll();
        long ts = head.current.entry().timestampNanos();
        boolean keep =
            intervalNanos <= 0
                || lastKept == Long.MIN_VALUE
                || (direction == Direction.FORWARD
                    ? ts >= lastKept + intervalNanos
                    : ts <= lastKept - intervalNanos);
        if (keep) {
          ctx.reserve(estimate(head.current));
          out.add(head.current);
          lastKept = ts;
        }
        if (advance(head, startNanos, endNanos)) {
          heap.add(head);
        }
      }
    } finally {
      for (Head head : opened) {
        head.cursor.close();
      }
    }
    ctx.check();
    return out;
  }

  /** Estimated heap bytes of a returned entry: its line and its label set (metadata shares the store's strings). */
  static long estimate(ResultStreamEntry entry) {
    return QueryContext.estimate(entry.entry().line()) + QueryContext.estimate(entry.labels()) + 64;
  }

  private boolean advance(Head head, long startNanos, long endNanos) {
    while (head.cursor.hasNext()) {
      LogEntry entry = head.cursor.next();
      ctx.onEntry(++read);
      long ts = entry.timestampNanos();
      if (ts < startNanos || ts >= endNanos) {
        continue;
      }
      LabelsBuilder result = pipeline.process(head.stream, entry);
      if (result != null) {
        LabelSet labels = result.toLabelSet();
        head.current =
            new ResultStreamEntry(labels, new LogEntry(ts, result.line(), entry.metadata()));
        head.labelsKey = labels.toString();
        return true;
      }
    }
    return false;
  }
}
