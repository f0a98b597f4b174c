package io.tracemate.http.loki;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.pipeline.LabelsBuilder;
import io.tracemate.logql.engine.pipeline.Matchers;
import io.tracemate.logql.engine.pipeline.Pipeline;
import io.tracemate.logql.syntax.LogSelectorExpr;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The newest lines a log query returns, each with the labels of the stream it came from, its structured metadata
 * and what the query's pipeline made of it: what detected fields are read from, because they must tell stream
 * labels, structured metadata and parsed labels apart, which a query result no longer does. Streams are merged
 * newest first as in a backward log query; the query's leading {@code |=} filters are pushed to the store.
 *
 * <p>Reading is bounded by the line count, the request's {@link RequestBudget} (checked every few hundred lines)
 * and {@code max_query_bytes_read}. Not thread-safe: one per request.
 */
final class NewestLines {

  /** One line after the pipeline. */
  record Line(LabelSet stream, LogEntry entry, LabelsBuilder result) {}

  private NewestLines() {}

  /**
   * @param stats what the store read is added here
   * @throws io.tracemate.logql.engine.QueryEvaluationException for a pipeline that cannot be compiled
   */
  static List<Line> read(
      LogReader reader,
      TenantScope tenants,
      LogSelectorExpr query,
      long startNanos,
      long endNanos,
      int limit,
      RequestBudget budget,
      ScanStats stats) {
    List<LabelMatcher> matchers = Matchers.toStore(query.matchers());
    Pipeline pipeline = Pipeline.compile(query.pipeline());
    LogSelection selection = new LogSelection(tenants, matchers, startNanos, endNanos);
    List<StreamRef> streams = reader.streams(selection, budget.cancellation());
    PriorityQueue<Head> heap =
        new PriorityQueue<>(
            Math.max(1, streams.size()),
            Comparator.comparingLong((Head h) -> h.current.entry().timestampNanos())
                .reversed()
                .thenComparingInt(h -> h.order));
    List<Head> opened = new ArrayList<>(streams.size());
    List<Line> lines = new ArrayList<>(Math.min(limit, 1024));
    try {
      for (int i = 0; i < streams.size(); i++) {
        StreamRef stream = streams.get(i);
        Head head =
            new Head(
                reader.entries(
                    selection,
                    stream,
                    Direction.BACKWARD,
                    pipeline.requiredSubstrings(),
                    stats,
                    budget.cancellation()),
                stream.labels(),
                i);
        opened.add(head);
        if (head.advance(pipeline, selection, budget, stats)) {
          heap.add(head);
        }
      }
      while (!heap.isEmpty() && lines.size() < limit) {
        Head head = heap.poll();
        lines.add(head.current);
        if (head.advance(pipeline, selection, budget, stats)) {
          heap.add(head);
        }
      }
    } finally {
      opened.forEach(head -> head.cursor.close());
    }
    return lines;
  }

  private static final class Head {
    final LogCursor cursor;
    final LabelSet stream;
    final int order;
    Line current;

    Head(LogCursor cursor, LabelSet stream, int order) {
      this.cursor = cursor;
      this.stream = stream;
      this.order = order;
    }

    boolean advance(
        Pipeline pipeline, LogSelection selection, RequestBudget budget, ScanStats stats) {
      while (cursor.hasNext()) {
        LogEntry entry = cursor.next();
        budget.countEntry(stats);
        long ts = entry.timestampNanos();
        if (ts < selection.startNanos() || ts >= selection.endNanos()) {
          continue;
        }
        LabelsBuilder result = pipeline.process(stream, entry);
        if (result != null) {
          current = new Line(stream, entry, result);
          return true;
        }
      }
      return false;
    }
  }
}
