package io.tracemate.servicegraph;

import java.util.List;

/**
 * What the topology knows of an instrumented service beyond its edges, as an ingester hands it to the queriers
 * ({@link ServiceGraph#exportNodes}, {@link ServiceGraph#applyNode}): the namespaces it runs in and when it was last
 * seen.
 */
public record ServiceNode(String name, List<String> namespaces, long lastSeenEpochMillis) {
  public ServiceNode {
    if (name == null || namespaces == null) {
      throw new IllegalArgumentException("a service node needs a name and namespaces");
    }
    namespaces = List.copyOf(namespaces);
  }
}
