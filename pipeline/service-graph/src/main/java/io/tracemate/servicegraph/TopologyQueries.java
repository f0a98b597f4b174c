package io.tracemate.servicegraph;

import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.RedSummary;
import io.tracemate.red.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Reads the graph of a window back from the RED series store (one pass per side, grouped by the edge label) and
 * shapes it: namespace filter, focus with hops, node RED and health, paths, Jaeger dependencies.
 * Thread-safe (the store and registries are).
 */
final class TopologyQueries {

  /** An edge with traffic in the window. */
  record WindowEdge(
      EdgeKey key,
      NodeKind clientKind,
      NodeKind serverKind,
      RedSummary client,
      RedSummary server) {}

  private static final Comparator<TopologyEdge> EDGE_ORDER =
      Comparator.comparing(TopologyEdge::source)
          .thenComparing(TopologyEdge::target)
          .thenComparing(TopologyEdge::connectionType)
          .thenComparing(TopologyEdge::via);

  private final RedSeriesStore store;
  private final NodeRegistry nodes;
  private final HealthThresholds thresholds;
  private final NodeRedSource nodeRed;

  TopologyQueries(
      RedSeriesStore store,
      NodeRegistry nodes,
      HealthThresholds thresholds,
      NodeRedSource nodeRed) {
    this.store = store;
    this.nodes = nodes;
    this.thresholds = thresholds;
    this.nodeRed = nodeRed;
  }

  Topology topology(TopologyQuery query) {
    Instant start = query.start();
    Instant end = query.end();
    // The learned normal: the same figures over the lookback before the window (5 min slots beyond
    // an hour).
    Instant baselineStart = start.minus(thresholds.latencyBaseline().lookback());
    Map<EdgeKey, RedSummary> edgeBaseline = new HashMap<>();
    for (WindowEdge edge : windowEdges(baselineStart, start, key -> Double.NaN)) {
      edgeBaseline.put(edge.key(), edge.client());
    }
    List<WindowEdge> edges =
        windowEdges(start, end, key -> slowCallMillis(key, edgeBaseline.get(key))).stream()
            .filter(
                query.brokersAsNodes()
                    ? TopologyQueries::inBrokerView
                    : TopologyQueries::inDirectView)
            .toList();
    Map<String, NodeKind> kinds = nodeKinds(edges);

    Set<String> kept = new HashSet<>(kinds.keySet());
    if (query.namespace() != null) {
      kept = inNamespace(edges, kinds, query.namespace());
    }
    Set<String> keptNodes = kept;
    List<WindowEdge> keptEdges =
        new ArrayList<>(
            edges.stream()
                .filter(
                    e ->
                        keptNodes.contains(e.key().client())
                            && keptNodes.contains(e.key().server()))
                .toList());

    if (query.focus() != null) {
      List<Graphs.Arc> arcs = keptEdges.stream().map(TopologyQueries::arc).toList();
      Graphs.Neighbourhood around =
          Graphs.around(arcs, query.focus(), query.hopsUp(), query.hopsDown());
      kept = new HashSet<>(around.nodes());
      keptEdges.removeIf(e -> !around.arcs().contains(arc(e)));
      if (kept.isEmpty() && nodes.get(query.focus()) != null) {
        kept.add(query.focus()); // known, but without traffic in the window: show it alone, health
        // unknown
        kinds.putIfAbsent(query.focus(), NodeKind.SERVICE);
      }
    } else if (query.namespace() == null) {
      kept.addAll(servicesWithOwnTraffic(start, end, kinds));
    }

    Map<String, RedSummary> inbound =
        store.summarizeBy(
            side("server").and(TopologyQueries::countsAsInbound), "server", start, end);
    Map<String, RedSummary> inboundBaseline =
        store.summarizeBy(
            side("server").and(TopologyQueries::countsAsInbound), "server", baselineStart, start);
    List<TopologyNode> topologyNodes = new ArrayList<>();
    for (String name : new TreeSet<>(kept)) {
      NodeKind kind = kinds.getOrDefault(name, NodeKind.SERVICE);
      RedSummary red = kind == NodeKind.SERVICE ? ownRed(name, start, end) : null;
      RedSummary baseline = red == null ? null : ownRed(name, baselineStart, start);
      if (red == null || red.calls() == 0) {
        red = inbound.getOrDefault(name, RedSummary.EMPTY);
        baseline = inboundBaseline.get(name);
      }
      NodeRegistry.NodeInfo info = kind == NodeKind.SERVICE ? nodes.get(name) : null;
      topologyNodes.add(
          new TopologyNode(
              name,
              kind,
              info == null ? List.of() : info.namespaces(),
              red,
              thresholds.evaluate(name, red, baseline),
              info == null ? null : Instant.ofEpochMilli(info.lastSeenEpochMillis())));
    }
    List<TopologyEdge> topologyEdges =
        keptEdges.stream()
            .map(
                e ->
                    new TopologyEdge(
                        e.key().client(),
                        e.key().server(),
                        e.key().connectionType(),
                        e.key().via(),
                        e.client(),
                        e.server(),
                        thresholds.evaluate(
                            e.key().server(), e.client(), edgeBaseline.get(e.key()))))
            .sorted(EDGE_ORDER)
            .toList();
    return new Topology(start, end, topologyNodes, topologyEdges);
  }

  List<List<String>> paths(
      String from, String to, Instant start, Instant end, int maxPaths, int maxDepth) {
    if (from == null || to == null) {
      throw new IllegalArgumentException("paths need a from and a to service");
    }
    if (maxPaths < 1) {
      throw new IllegalArgumentException("maxPaths must be at least 1, got " + maxPaths);
    }
    if (maxDepth < 1 || maxDepth > TopologyQuery.MAX_HOPS) {
      throw new IllegalArgumentException(
          "maxDepth must be within [1, " + TopologyQuery.MAX_HOPS + "], got " + maxDepth);
    }
    List<WindowEdge> edges =
        windowEdges(start, end, key -> Double.NaN).stream()
            .filter(TopologyQueries::inDirectView)
            .toList();
    Set<String> known = nodeKinds(edges).keySet();
    if (!known.contains(from) || !known.contains(to)) {
      return List.of();
    }
    return Graphs.simplePaths(
        edges.stream().map(TopologyQueries::arc).toList(), from, to, maxPaths, maxDepth);
  }

  List<ServiceDependency> dependencies(Instant start, Instant end) {
    Map<Graphs.Arc, Long> counts =
        new TreeMap<>(Comparator.comparing(Graphs.Arc::source).thenComparing(Graphs.Arc::target));
    for (WindowEdge edge :
        windowEdges(start, end, key -> Double.NaN).stream()
            .filter(TopologyQueries::inDirectView)
            .toList()) {
      counts.merge(arc(edge), edge.client().calls(), Long::sum);
    }
    List<ServiceDependency> dependencies = new ArrayList<>(counts.size());
    counts.forEach(
        (arc, calls) -> dependencies.add(new ServiceDependency(arc.source(), arc.target(), calls)));
    return dependencies;
  }

  /**
   * RED over time of every edge from {@code source} to {@code target} (all connection types, vias and legs),
   * as the {@code side} ("client" or "server") measured it.
   */
  List<RedPoint> edgeSeries(
      String source, String target, String side, Instant start, Instant end, Duration step) {
    if (!"client".equals(side) && !"server".equals(side)) {
      throw new IllegalArgumentException(
          "edge side must be 'client' or 'server', got '" + side + "'");
    }
    Predicate<SeriesKey> onSide = side(side);
    return store.timeSeries(
        onSide.and(key -> source.equals(key.get("client")) && target.equals(key.get("server"))),
        start,
        end,
        step);
  }

  /**
   * Every edge with at least one request in [start, end); a call of an edge is slow above
   * {@code slowMillis.apply(edge)} (NaN: {@link RedSummary}'s default rule).
   */
  List<WindowEdge> windowEdges(Instant start, Instant end, ToDoubleFunction<EdgeKey> slowMillis) {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "window end (" + end + ") must be after its start (" + start + ")");
    }
    Map<String, EdgeKey> keysById = new HashMap<>();
    Map<String, SeriesKey> labelsById = new HashMap<>();
    for (SeriesKey key : store.keys()) {
      if (EdgeRecorder.isEdgeSeries(key) && "client".equals(key.get(EdgeRecorder.SIDE_LABEL))) {
        String id = key.get(EdgeRecorder.EDGE_LABEL);
        labelsById.put(id, key);
        keysById.put(
            id,
            new EdgeKey(
                key.get("client"),
                key.get("server"),
                ConnectionType.fromLabel(key.get("connection_type")),
                key.get("via"),
                EdgeKey.Leg.fromLabel(key.get(EdgeRecorder.LEG_LABEL))));
      }
    }
    Map<String, RedSummary> clientSide =
        store.summarizeBy(
            side("client"),
            EdgeRecorder.EDGE_LABEL,
            start,
            end,
            id ->
                keysById.containsKey(id) ? slowMillis.applyAsDouble(keysById.get(id)) : Double.NaN);
    Map<String, RedSummary> serverSide =
        store.summarizeBy(side("server"), EdgeRecorder.EDGE_LABEL, start, end);
    List<WindowEdge> edges = new ArrayList<>();
    clientSide.forEach(
        (id, client) -> {
          SeriesKey labels = labelsById.get(id);
          if (client.calls() == 0 || labels == null) {
            return;
          }
          edges.add(
              new WindowEdge(
                  keysById.get(id),
                  NodeKind.valueOf(labels.get("client_kind")),
                  NodeKind.valueOf(labels.get("server_kind")),
                  client,
                  serverSide.getOrDefault(id, RedSummary.EMPTY)));
        });
    return edges;
  }

  /**
   * When a call of an edge is slow: above the callee's SLO when it has one, else above the edge's normal p99 (so
   * about 1 % of calls in normal times), else NaN ({@link RedSummary}'s default: 10 × the median).
   */
  private double slowCallMillis(EdgeKey edge, RedSummary baseline) {
    Double slo = thresholds.forService(edge.server()).p99Millis();
    if (slo != null) {
      return slo;
    }
    return baseline != null && baseline.calls() >= thresholds.latencyBaseline().minCalls()
        ? baseline.p99Millis()
        : Double.NaN;
  }

  /** A name is a service when any edge or the registry says so; otherwise the kind its edges give it. */
  private Map<String, NodeKind> nodeKinds(List<WindowEdge> edges) {
    Map<String, NodeKind> kinds = new HashMap<>();
    for (WindowEdge edge : edges) {
      mergeKind(kinds, edge.key().client(), edge.clientKind());
      mergeKind(kinds, edge.key().server(), edge.serverKind());
    }
    kinds.replaceAll(
        (name, kind) ->
            kind != NodeKind.SERVICE && nodes.get(name) != null ? NodeKind.SERVICE : kind);
    return kinds;
  }

  private static void mergeKind(Map<String, NodeKind> kinds, String name, NodeKind kind) {
    kinds.merge(
        name,
        kind,
        (a, b) -> a == NodeKind.SERVICE || b == NodeKind.SERVICE ? NodeKind.SERVICE : a);
  }

  /** Services of the namespace, plus the virtual nodes they are connected to. */
  private Set<String> inNamespace(
      List<WindowEdge> edges, Map<String, NodeKind> kinds, String namespace) {
    Set<String> kept = new HashSet<>();
    for (Map.Entry<String, NodeKind> node : kinds.entrySet()) {
      NodeRegistry.NodeInfo info = nodes.get(node.getKey());
      if (node.getValue() == NodeKind.SERVICE
          && info != null
          && info.namespaces().contains(namespace)) {
        kept.add(node.getKey());
      }
    }
    Set<String> services = Set.copyOf(kept);
    for (WindowEdge edge : edges) {
      String client = edge.key().client();
      String server = edge.key().server();
      if (services.contains(client) && kinds.get(server) != NodeKind.SERVICE) {
        kept.add(server);
      }
      if (services.contains(server) && kinds.get(client) != NodeKind.SERVICE) {
        kept.add(client);
      }
    }
    return kept;
  }

  /** Services without edges in the window but with their own RED (only with a NodeRedSource). */
  private Set<String> servicesWithOwnTraffic(
      Instant start, Instant end, Map<String, NodeKind> kinds) {
    Set<String> found = new HashSet<>();
    if (nodeRed == null) {
      return found;
    }
    for (String service : nodes.names()) {
      if (!kinds.containsKey(service)) {
        RedSummary red = nodeRed.nodeRed(service, start, end);
        if (red != null && red.calls() > 0) {
          found.add(service);
          kinds.put(service, NodeKind.SERVICE);
        }
      }
    }
    return found;
  }

  private RedSummary ownRed(String service, Instant start, Instant end) {
    return nodeRed == null ? null : nodeRed.nodeRed(service, start, end);
  }

  /** The collector's edges: everything but broker legs. */
  private static boolean inDirectView(WindowEdge edge) {
    return edge.key().leg() == EdgeKey.Leg.NONE;
  }

  /**
   * Broker legs instead of producer → consumer edges; the virtual edges to or from a broker destination are left
   * out, because the legs already count those messages.
   */
  private static boolean inBrokerView(WindowEdge edge) {
    if (edge.key().leg() != EdgeKey.Leg.NONE) {
      return true;
    }
    ConnectionType type = edge.key().connectionType();
    boolean touchesBroker =
        edge.clientKind() == NodeKind.MESSAGING || edge.serverKind() == NodeKind.MESSAGING;
    return type != ConnectionType.MESSAGING_SYSTEM
        && !(type == ConnectionType.VIRTUAL_NODE && touchesBroker);
  }

  /**
   * A node's incoming requests: the collector's edges, except that a broker destination counts every publish
   * (its publish legs) rather than only the unconsumed ones (its virtual edges).
   */
  private static boolean countsAsInbound(SeriesKey key) {
    String leg = key.get(EdgeRecorder.LEG_LABEL);
    if (EdgeKey.Leg.PUBLISH.label.equals(leg)) {
      return true;
    }
    return EdgeKey.Leg.NONE.label.equals(leg)
        && !NodeKind.MESSAGING.name().equals(key.get("server_kind"));
  }

  private static Predicate<SeriesKey> side(String side) {
    return key -> EdgeRecorder.isEdgeSeries(key) && side.equals(key.get(EdgeRecorder.SIDE_LABEL));
  }

  private static Graphs.Arc arc(WindowEdge edge) {
    return new Graphs.Arc(edge.key().client(), edge.key().server());
  }
}
