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

  /** A node's last-seen time is exported again once it moved on by this much. */
  private static final long EXPORT_LAST_SEEN_EVERY_MILLIS = 60_000;

  private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxNodes;

  NodeRegistry(int maxNodes) {
    this.maxNodes = maxNodes;
  }

  void touch(String service, Resource resource, long nowMillis) {
    Node node = nodeFor(service);
    if (node != null) {
      node.touch(resource, nowMillis);
    }
  }

  /** Adds what another registry knows of a service (its namespaces, a later last-seen time). */
  void merge(ServiceNode other) {
    Node node = nodeFor(other.name());
    if (node != null) {
      node.merge(other);
    }
  }

  /**
   * The nodes that are new, have a new namespace, or were seen a minute after their last export, since the last
   * call; each is then marked exported.
   */
  List<ServiceNode> exportChanged() {
    List<ServiceNode> changed = new java.util.ArrayList<>();
    for (Node node : nodes.values()) {
      ServiceNode exported = node.exportIfChanged();
      if (exported != null) {
        changed.add(exported);
      }
    }
    return changed;
  }

  /** The service's node, made if there is room; null beyond the bound. */
  private Node nodeFor(String service) {
    Node node = nodes.get(service);
    if (node == null) {
      if (count.incrementAndGet() > maxNodes) {
        count.decrementAndGet();
        return null;
      }
      Node created = new Node(service);
      node = nodes.putIfAbsent(service, created);
      if (node == null) {
        node = created;
      } else {
        count.decrementAndGet();
      }
    }
    return node;
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
    private boolean changed = true; // under this object's lock
    private long exportedLastSeen = Long.MIN_VALUE;

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
      if (namespace != null
          && namespaces.size() < MAX_NAMESPACES_PER_SERVICE
          && namespaces.add(namespace)) {
        changed = true;
      }
    }

    synchronized void merge(ServiceNode other) {
      lastSeenMillis = Math.max(lastSeenMillis, other.lastSeenEpochMillis());
      for (String namespace : other.namespaces()) {
        addNamespace(namespace);
      }
    }

    synchronized ServiceNode exportIfChanged() {
      long lastSeen = lastSeenMillis;
      if (!changed && lastSeen - exportedLastSeen < EXPORT_LAST_SEEN_EVERY_MILLIS) {
        return null;
      }
      changed = false;
      exportedLastSeen = lastSeen;
      return new ServiceNode(name, List.copyOf(namespaces), lastSeen);
    }

    long lastSeen() {
      return lastSeenMillis;
    }

    synchronized NodeInfo info() {
      return new NodeInfo(name, List.copyOf(namespaces), lastSeenMillis);
    }
  }
}
