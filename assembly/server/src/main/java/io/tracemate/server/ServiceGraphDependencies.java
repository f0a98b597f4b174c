package io.tracemate.server;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.servicegraph.NodeKind;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.servicegraph.Topology;
import io.tracemate.servicegraph.TopologyEdge;
import io.tracemate.servicegraph.TopologyQuery;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jaeger's {@code /api/dependencies} answered from the live service graph instead of a scan of stored spans:
 * it sees every span (sampled away or not), includes databases and brokers as their clients name them, and
 * costs the same whatever the window. Each tenant's graph is its own; a scope of several tenants adds their counts
 * up per (parent, child), as the {@link DependencyReader} contract says. Thread-safe as the graphs are.
 */
final class ServiceGraphDependencies implements DependencyReader {
  private final ServiceGraphConnector graphs;

  ServiceGraphDependencies(ServiceGraphConnector graphs) {
    this.graphs = graphs;
  }

  /**
   * Edges between services and from services to the databases, brokers and external peers they call; not the
   * synthetic edges from the virtual {@code user} node to entry services, which Jaeger's graph never had.
   */
  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    Map<List<String>, long[]> counts = new TreeMap<>(ServiceGraphDependencies::compare);
    for (TenantId tenant : scope.tenants()) {
      ServiceGraph graph = graphs.graph(tenant);
      if (graph == null) {
        continue;
      }
      Topology topology = graph.topology(TopologyQuery.between(start, end));
      for (TopologyEdge edge : topology.edges()) {
        boolean fromService =
            topology.node(edge.source()).map(node -> node.kind() == NodeKind.SERVICE).orElse(false);
        if (edge.requests() > 0 && fromService) {
          long[] count =
              counts.computeIfAbsent(List.of(edge.source(), edge.target()), k -> new long[2]);
          count[0] += edge.requests();
          count[1] += edge.failed();
        }
      }
    }
    List<DependencyLink> links = new ArrayList<>(counts.size());
    counts.forEach(
        (pair, count) ->
            links.add(new DependencyLink(pair.get(0), pair.get(1), count[0], count[1])));
    return links;
  }

  private static int compare(List<String> a, List<String> b) {
    int parent = a.get(0).compareTo(b.get(0));
    return parent != 0 ? parent : a.get(1).compareTo(b.get(1));
  }
}
