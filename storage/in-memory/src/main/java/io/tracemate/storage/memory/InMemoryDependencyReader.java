package io.tracemate.storage.memory;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.TenantTrace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Service links from the spans that started in the window, with the Lucene store's rules: a span whose parent
 * (same trace, so same tenant, also in the window) belongs to another service is one call parent → child, failed when the child
 * has ERROR status; identical spans count once; Zipkin's shared spans (a client and a server half with one span
 * ID) are one call from the client's service to the server's, and children of a shared ID belong to its server
 * half. Thread-safe.
 */
final class InMemoryDependencyReader implements DependencyReader {
  private final SpanTable table;

  InMemoryDependencyReader(SpanTable table) {
    this.table = table;
  }

  /** What linking looks at in a span; spans equal in all of it count once. */
  private record Row(SpanId spanId, SpanId parentId, String service, SpanKind kind, boolean error) {
    static Row of(Span span) {
      return new Row(
          span.spanId(),
          span.parentSpanId(),
          span.serviceName(),
          span.kind(),
          span.status().isError());
    }
  }

  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    long from = InMemoryStorage.epochNanos(start);
    long to = InMemoryStorage.epochNanos(end);
    Map<String, Map<String, long[]>> counts = new TreeMap<>();
    for (TenantTrace trace : table.traces(scope)) {
      Set<Row> rows = new LinkedHashSet<>();
      for (Span span : trace.spans()) {
        if (span.startEpochNanos() >= from && span.startEpochNanos() < to) {
          rows.add(Row.of(span));
        }
      }
      linkTrace(List.copyOf(rows), counts);
    }
    List<DependencyLink> links = new ArrayList<>();
    counts.forEach(
        (parent, children) ->
            children.forEach(
                (child, count) ->
                    links.add(new DependencyLink(parent, child, count[0], count[1]))));
    return links;
  }

  private static void linkTrace(List<Row> rows, Map<String, Map<String, long[]>> counts) {
    for (Row row : rows) {
      if (row.kind() == SpanKind.SERVER) {
        Row client = find(rows, row.spanId(), SpanKind.CLIENT);
        if (client != null) {
          count(counts, client.service(), row);
          continue;
        }
      }
      if (row.parentId().equals(SpanId.NONE)) {
        continue;
      }
      Row parent = find(rows, row.parentId(), SpanKind.SERVER);
      if (parent == null) {
        parent = find(rows, row.parentId(), SpanKind.CONSUMER);
      }
      if (parent == null) {
        parent = find(rows, row.parentId(), null);
      }
      if (parent != null && parent != row) {
        count(counts, parent.service(), row);
      }
    }
  }

  /** A row with this span ID and kind (any kind when null), or null. */
  private static Row find(List<Row> rows, SpanId spanId, SpanKind kind) {
    for (Row row : rows) {
      if (row.spanId().equals(spanId) && (kind == null || row.kind() == kind)) {
        return row;
      }
    }
    return null;
  }

  private static void count(
      Map<String, Map<String, long[]>> counts, String parentService, Row child) {
    if (parentService.equals(child.service())) {
      return;
    }
    long[] count =
        counts
            .computeIfAbsent(parentService, p -> new TreeMap<>())
            .computeIfAbsent(child.service(), c -> new long[2]);
    count[0]++;
    if (child.error()) {
      count[1]++;
    }
  }
}
