package io.tracemate.analysis;

import io.tracemate.model.Span;
import java.util.List;

/**
 * One span in the analysed tree. Nodes are addressed by {@link #index()}, their position in
 * {@link TraceAnalysis#nodes()} (depth-first pre-order, the order a Gantt chart lists them); span IDs are not
 * unique within a trace (Zipkin shared spans), node indexes are.
 *
 * @param parent index of the parent node, -1 for a root
 * @param children indexes of the child nodes, ordered by start time
 * @param depth 0 for roots
 * @param selfNanos duration minus the union of the children's intervals clipped to this span
 * @param criticalPathNanos how much of the critical path this span owns (0 when it is not on it)
 * @param orphan the span names a parent that is not in the trace, so it is shown as a root
 * @param sharedSpanId another span of the trace has the same span ID
 * @param cycleBroken the span's parent link was dropped because it closed a cycle
 */
public record SpanNode(
    int index,
    Span span,
    int parent,
    List<Integer> children,
    int depth,
    long selfNanos,
    long criticalPathNanos,
    boolean orphan,
    boolean sharedSpanId,
    boolean cycleBroken) {

  public SpanNode {
    children = List.copyOf(children);
  }

  public boolean isRoot() {
    return parent < 0;
  }

  public boolean onCriticalPath() {
    return criticalPathNanos > 0;
  }
}
