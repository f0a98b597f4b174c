package io.tracemate.servicegraph;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The answer to a {@link TopologyQuery}: nodes sorted by name, edges sorted by source, target, connection type
 * and via.
 */
public record Topology(
    Instant start, Instant end, List<TopologyNode> nodes, List<TopologyEdge> edges) {

  public Topology {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  public Optional<TopologyNode> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The edges from {@code source} to {@code target}, of any connection type. */
  public List<TopologyEdge> edges(String source, String target) {
    return edges.stream()
        .filter(e -> e.source().equals(source) && e.target().equals(target))
        .toList();
  }
}
