package io.tracemate.servicegraph;

import static io.tracemate.servicegraph.TestSpans.T0;

import io.tracemate.model.Span;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A graph over a store sharing one hand-moved clock, 10 minutes after {@link TestSpans#T0}. */
final class GraphFixture {

  static final Instant WINDOW_START = T0;
  static final Instant WINDOW_END = T0.plus(Duration.ofMinutes(5));

  final MutableClock clock = new MutableClock(T0.plus(Duration.ofMinutes(10)));
  final RedSeriesStore store = new RedSeriesStore(RedSeriesConfig.defaults(), clock);
  final ServiceGraph graph;

  GraphFixture() {
    this(ServiceGraphConfig.defaults(), null);
  }

  GraphFixture(ServiceGraphConfig config, NodeRedSource nodeRed) {
    graph = new ServiceGraph(config, store, clock, nodeRed);
  }

  void observe(Span.Builder... spans) {
    graph.observe(java.util.Arrays.stream(spans).map(Span.Builder::build).toList());
  }

  /** Moves past the store TTL and lets the graph expire what waits. */
  void passTtl() {
    clock.advance(graph.config().store().ttl());
    graph.expire();
  }

  Topology topology() {
    return graph.topology(TopologyQuery.between(WINDOW_START, WINDOW_END));
  }

  Topology topology(TopologyQuery query) {
    return graph.topology(query);
  }

  static TopologyQuery window() {
    return TopologyQuery.between(WINDOW_START, WINDOW_END);
  }

  /** Edges as "a → b", "a → b [database]", "a → b [messaging_system] via kafka/orders", with request counts. */
  static List<String> describe(Topology topology) {
    return topology.edges().stream().map(GraphFixture::describe).toList();
  }

  static String describe(TopologyEdge edge) {
    String type =
        edge.connectionType().label().isEmpty() ? "" : " [" + edge.connectionType().label() + "]";
    String via = edge.via().isEmpty() ? "" : " via " + edge.via();
    return edge.source() + " → " + edge.target() + type + via + " ×" + edge.requests();
  }
}
