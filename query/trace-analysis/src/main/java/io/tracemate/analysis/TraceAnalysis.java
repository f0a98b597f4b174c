package io.tracemate.analysis;

import io.tracemate.model.SpanId;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the trace view derives from one trace, computed by {@link TraceAnalyzer}. Immutable and
 * thread-safe.
 *
 * @param nodes every span exactly once, in depth-first pre-order (roots by start time, children by start time)
 * @param roots indexes of the root nodes, by start time
 * @param criticalPath disjoint segments ordered by time; for a single root their union is exactly the root's
 *     interval (see the package documentation for several roots)
 * @param services per-service summary, by self time descending
 * @param timeline per-service active ranges, by first activity
 */
public record TraceAnalysis(
    TraceOverview overview,
    List<SpanNode> nodes,
    List<Integer> roots,
    List<CriticalPathSegment> criticalPath,
    List<ServiceSummary> services,
    TagCloud tags,
    List<ServiceTimeline> timeline) {

  public TraceAnalysis {
    nodes = List.copyOf(nodes);
    roots = List.copyOf(roots);
    criticalPath = List.copyOf(criticalPath);
    services = List.copyOf(services);
    timeline = List.copyOf(timeline);
  }

  /** The nodes carrying this span ID: usually one, two for a Zipkin shared span, none when absent. */
  public List<SpanNode> nodesWithSpanId(SpanId spanId) {
    List<SpanNode> found = new ArrayList<>(2);
    for (SpanNode node : nodes) {
      if (node.span().spanId().equals(spanId)) {
        found.add(node);
      }
    }
    return found;
  }
}
