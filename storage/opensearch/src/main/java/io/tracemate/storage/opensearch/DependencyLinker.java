package io.tracemate.storage.opensearch;

import io.tracemate.model.SpanKind;
import io.tracemate.storage.DependencyLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Service links of one tenant's trace, with the rules every backend keeps: a span whose parent belongs to another
 * service is one call parent → child, failed when the child has ERROR status; identical spans count once (the
 * caller hands distinct rows); Zipkin's shared spans (a client and a server half with one span ID) are one call from
 * the client's service to the server's, and children of a shared ID belong to its server half. Not thread-safe: one
 * per dependencies() call.
 */
final class DependencyLinker {
  /** What linking looks at in a span. */
  record Row(String spanId, String parentId, String service, SpanKind kind, boolean error) {}

  private final Map<String, Map<String, long[]>> counts = new TreeMap<>();

  void linkTrace(List<Row> rows) {
    for (Row row : rows) {
      if (row.kind() == SpanKind.SERVER) {
        Row client = find(rows, row.spanId(), SpanKind.CLIENT);
        if (client != null) {
          count(client.service(), row);
          continue;
        }
      }
      if (row.parentId() == null) {
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
        count(parent.service(), row);
      }
    }
  }

  /** Links sorted by parent, then child. */
  List<DependencyLink> links() {
    List<DependencyLink> links = new ArrayList<>();
    counts.forEach(
        (parent, children) ->
            children.forEach(
                (child, count) ->
                    links.add(new DependencyLink(parent, child, count[0], count[1]))));
    return links;
  }

  private static Row find(List<Row> rows, String spanId, SpanKind kind) {
    for (Row row : rows) {
      if (row.spanId().equals(spanId) && (kind == null || row.kind() == kind)) {
        return row;
      }
    }
    return null;
  }

  private void count(String parentService, Row child) {
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
