package io.tracemate.storage.memory;

import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** {@link TraceReader} over a {@link SpanTable}: every search scans every span. Thread-safe. */
final class InMemoryTraceReader implements TraceReader {
  private final SpanTable table;

  InMemoryTraceReader(SpanTable table) {
    this.table = table;
  }

  @Override
  public Optional<Trace> trace(TraceId traceId) {
    return table.trace(traceId).map(spans -> new Trace(traceId, spans));
  }

  /** A trace with the value the query orders by: its newest matching start, or its longest matching duration. */
  private record Ranked(TraceId traceId, List<Span> spans, long rank) {}

  @Override
  public List<Trace> findTraces(TraceQuery query) {
    boolean longestFirst = query.order() == TraceQuery.Order.LONGEST_FIRST;
    List<Ranked> found = new ArrayList<>();
    for (List<Span> spans : table.traces()) {
      long rank = Long.MIN_VALUE;
      boolean matched = false;
      for (Span span : spans) {
        if (SpanMatcher.matches(span, query)) {
          matched = true;
          rank = Math.max(rank, longestFirst ? span.durationNanos() : span.startEpochNanos());
        }
      }
      if (matched) {
        found.add(new Ranked(spans.getFirst().traceId(), spans, rank));
      }
    }
    // Ties in trace ID order, so that the same data always answers the same.
    found.sort(Comparator.comparingLong(Ranked::rank).reversed().thenComparing(Ranked::traceId));
    return found.stream().limit(query.limit()).map(r -> new Trace(r.traceId(), r.spans())).toList();
  }

  @Override
  public List<String> serviceNames() {
    TreeSet<String> names = new TreeSet<>();
    for (List<Span> spans : table.traces()) {
      spans.forEach(span -> names.add(span.serviceName()));
    }
    return List.copyOf(names);
  }

  @Override
  public List<Operation> operations(String serviceName, SpanKind spanKind) {
    TreeSet<Operation> operations = new TreeSet<>(Operation.BY_NAME_THEN_KIND);
    for (List<Span> spans : table.traces()) {
      for (Span span : spans) {
        if (span.serviceName().equals(serviceName)
            && (spanKind == null || span.kind() == spanKind)) {
          operations.add(new Operation(span.name(), span.kind()));
        }
      }
    }
    return List.copyOf(operations);
  }
}
