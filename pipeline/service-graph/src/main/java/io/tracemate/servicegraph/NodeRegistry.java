package io.tracemate.servicegraph;

import io.tracemate.model.Resource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the topology needs to know about each instrumented service beyond its edges: the namespaces it runs in
 * ({@code service.namespace} and {@code k8s.namespace.name} of its resources) and when it was last seen.
 *
 * <p>Bounded to {@code maxNodes} services; services unseen for the retention are forgotten by
 * {@link #forgetOlderThan}. Thread-safe; the per-span cost is a map lookup and, only when a span's
 * {@link Resource} instance differs from the last one seen for its service, a scan of the resource attributes.
 */
final class NodeRegistry {

  /** A service's namespaces (sorted) and last-seen time. */
  record NodeInfo(String name, List<String> namespaces, long lastSeenEpochMillis) {}

  private static final int MAX_NAMESPACES_PER_SERVICE = 16;

  private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxNodes;

  NodeRegistry(int maxNodes) {
    this.maxNodes = maxNodes;
  }

  void touch(String service, Resource resource, long nowMillis) {
    Node node = nodes.get(service);
    if (node == null) {
      if (count.incrementAndGet() > maxNodes) {
        count.decrementAndGet();
        return;
      }
      Node created = new Node(service);
      node = nodes.putIfAbsent(service, created);
      if (node == null) {
        node = created;
      } else {
        count.decrementAndGet();
      }
    }
    node.touch(resource, nowMillis);
  }

  /** The service's record, or null when it never sent a span (virtual nodes, or beyond the bound). */
  NodeInfo get(String service) {
    Node node = nodes.get(service);
    return node == null ? null : node.info();
  }

  Set<String> names() {
    return Set.copyOf(nodes.keySet());
  }

  void forgetOlderThan(long cutoffMillis) {
    nodes.forEach(
        (name, node) -> {
          if (node.lastSeen() < cutoffMillis && nodes.remove(name, node)) {
            count.decrementAndGet();
          }
        });
  }

  private static final class Node {
    private final String name;
    private final TreeSet<String> namespaces = new TreeSet<>();
    private Resource lastResource;
    private volatile long lastSeenMillis;

    Node(String name) {
      this.name = name;
    }

    void touch(Resource resource, long nowMillis) {
      lastSeenMillis = Math.max(lastSeenMillis, nowMillis);
      synchronized (this) {
        if (resource == lastResource) {
          return;
        }
        lastResource = resource;
        addNamespace(PeerNaming.text(resource.attributes(), "service.namespace"));
        addNamespace(PeerNaming.text(resource.attributes(), "k8s.namespace.name"));
      }
    }

    private void addNamespace(String namespace) {
      if (namespace != null && namespaces.size() < MAX_NAMESPACES_PER_SERVICE) {
        namespaces.add(namespace);
      }
    }

    long lastSeen() {
      return lastSeenMillis;
    }

    synchronized NodeInfo info() {
      return new NodeInfo(name, List.copyOf(namespaces), lastSeenMillis);
    }
  }
}
