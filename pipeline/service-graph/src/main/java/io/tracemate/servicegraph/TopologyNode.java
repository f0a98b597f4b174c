package io.tracemate.servicegraph;

import io.tracemate.red.RedSummary;
import java.time.Instant;
import java.util.List;

/**
 * One node of a topology.
 *
 * @param name service name, or the virtual node's name ({@code mysql/orders}, {@code kafka/orders},
 *     {@code bank-core}, {@code user})
 * @param kind service, database, messaging or virtual
 * @param namespaces the service's namespaces, sorted (empty for virtual nodes)
 * @param red the node's RED in the window: from the {@link NodeRedSource} when it has data, else the sum of
 *     its incoming edges as the server side measured them (for virtual nodes: as their callers measured them)
 * @param health judged from {@code red} by the node's thresholds
 * @param lastSeen when the service last sent a span (null for virtual nodes)
 */
public record TopologyNode(
    String name,
    NodeKind kind,
    List<String> namespaces,
    RedSummary red,
    Health health,
    Instant lastSeen) {

  public TopologyNode {
    namespaces = List.copyOf(namespaces);
  }

  /** The first namespace, or "" when none is known. */
  public String namespace() {
    return namespaces.isEmpty() ? "" : namespaces.getFirst();
  }

  public boolean isVirtual() {
    return kind != NodeKind.SERVICE;
  }
}
