package io.tracemate.server;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.servicegraph.NodeKind;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.Topology;
import io.tracemate.servicegraph.TopologyEdge;
import io.tracemate.servicegraph.TopologyQuery;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Jaeger's {@code /api/dependencies} answered from the live service graph instead of a scan of stored spans:
 * it sees every span (sampled away or not), includes databases and brokers as their clients name them, and
 * costs the same whatever the window. Thread-safe as the graph is.
 *
 * <p>The graph is not kept per tenant yet (that comes with the per-tenant pipeline), so it answers only reads of
 * the default tenant alone; any other scope is answered by the span store, which keeps tenants apart. The server
 * does not use the graph at all while multitenancy is on.
 */
final class ServiceGraphDependencies implements DependencyReader {
  private final ServiceGraph graph;
  private final DependencyReader store;

  /** @param store answers every scope but {@link TenantScope#DEFAULT} */
  ServiceGraphDependencies(ServiceGraph graph, DependencyReader store) {
    this.graph = graph;
    this.store = store;
  }

  /**
   * Edges between services and from services to the databases, brokers and external peers they call; not the
   * synthetic edges from the virtual {@code user} node to entry services, which Jaeger's graph never had.
   */
  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    if (!scope.equals(TenantScope.DEFAULT)) {
      return store.dependencies(scope, start, end);
    }
    Topology topology = graph.topology(TopologyQuery.between(start, end));
    return topology.edges().stream()
        .filter(edge -> edge.requests() > 0)
        .filter(
            edge ->
                topology
                    .node(edge.source())
                    .map(node -> node.kind() == NodeKind.SERVICE)
                    .orElse(false))
        .map(ServiceGraphDependencies::link)
        .sorted(Comparator.comparing(DependencyLink::parent).thenComparing(DependencyLink::child))
        .toList();
  }

  private static DependencyLink link(TopologyEdge edge) {
    return new DependencyLink(edge.source(), edge.target(), edge.requests(), edge.failed());
  }
}
