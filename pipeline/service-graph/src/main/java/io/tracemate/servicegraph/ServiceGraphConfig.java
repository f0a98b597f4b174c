package io.tracemate.servicegraph;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * The {@code service_graph} block. Keys shared with the collector's {@code servicegraph} connector keep its
 * names and meaning: {@code store.ttl}, {@code store.max_items}, {@code virtual_node_peer_attributes},
 * {@code latency_histogram_buckets}.
 *
 * <pre>
 * service_graph:
 *   store:
 *     ttl: 10s            # default 10s: how long a half edge waits for its other side
 *     max_items: 10000    # default 10000: half edges kept; beyond it the oldest is expired early (evicted)
 *   virtual_node_peer_attributes: [peer.service, db.namespace, db.name, db.system,
 *       messaging.destination.name, messaging.destination, server.address, net.peer.name]   # the default
 *   latency_histogram_buckets: [2ms, 4ms, 6ms, 8ms, 10ms, 50ms, 100ms, 200ms, 400ms, 800ms, 1s, 1400ms, 2s,
 *       5s, 10s, 15s]     # default (the collector's): Prometheus histogram buckets
 *   max_edges: 10000      # default 10000: distinct edges (and as many nodes) tracked; more are dropped
 *   health: {...}         # see HealthThresholds
 * </pre>
 *
 * <p>How {@code virtual_node_peer_attributes} names a peer is described in {@link PeerNaming}.
 *
 * <p>Deviation from the collector: its default TTL is 2 s; 10 s here because the demo's and many real Kafka
 * consumers poll later than that, and an early expiry would draw a false virtual node.
 */
public record ServiceGraphConfig(
    @JsonProperty("store") StoreConfig store,
    @JsonProperty("virtual_node_peer_attributes") List<String> virtualNodePeerAttributes,
    @JsonProperty("latency_histogram_buckets") List<Duration> latencyHistogramBuckets,
    @JsonProperty("max_edges") Integer maxEdges,
    @JsonProperty("health") HealthThresholds health) {

  public static final List<String> DEFAULT_PEER_ATTRIBUTES =
      List.of(
          "peer.service",
          "db.namespace",
          "db.name",
          "db.system",
          "messaging.destination.name",
          "messaging.destination",
          "server.address",
          "net.peer.name");

  public static final List<Duration> DEFAULT_LATENCY_BUCKETS =
      List.of(
          Duration.ofMillis(2),
          Duration.ofMillis(4),
          Duration.ofMillis(6),
          Duration.ofMillis(8),
          Duration.ofMillis(10),
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(200),
          Duration.ofMillis(400),
          Duration.ofMillis(800),
          Duration.ofSeconds(1),
          Duration.ofMillis(1400),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15));

  public static final int DEFAULT_MAX_EDGES = 10_000;

  public ServiceGraphConfig {
    store = store == null ? StoreConfig.defaults() : store;
    virtualNodePeerAttributes =
        virtualNodePeerAttributes == null
            ? DEFAULT_PEER_ATTRIBUTES
            : List.copyOf(virtualNodePeerAttributes);
    for (int i = 0; i < virtualNodePeerAttributes.size(); i++) {
      if (virtualNodePeerAttributes.get(i).isBlank()) {
        throw new IllegalArgumentException(
            "service_graph.virtual_node_peer_attributes[" + i + "] is blank");
      }
    }
    latencyHistogramBuckets =
        latencyHistogramBuckets == null
            ? DEFAULT_LATENCY_BUCKETS
            : List.copyOf(latencyHistogramBuckets);
    for (int i = 0; i < latencyHistogramBuckets.size(); i++) {
      Duration bucket = latencyHistogramBuckets.get(i);
      if (bucket.isNegative() || bucket.isZero()) {
        throw new IllegalArgumentException(
            "service_graph.latency_histogram_buckets[" + i + "] must be positive, got " + bucket);
      }
      if (i > 0 && bucket.compareTo(latencyHistogramBuckets.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "service_graph.latency_histogram_buckets must increase: ["
                + i
                + "] "
                + bucket
                + " is not above ["
                + (i - 1)
                + "] "
                + latencyHistogramBuckets.get(i - 1));
      }
    }
    maxEdges = maxEdges == null ? DEFAULT_MAX_EDGES : maxEdges;
    if (maxEdges < 1) {
      throw new IllegalArgumentException(
          "service_graph.max_edges must be at least 1, got " + maxEdges);
    }
    health = health == null ? HealthThresholds.defaults() : health;
  }

  /** Every default. */
  public static ServiceGraphConfig defaults() {
    return new ServiceGraphConfig(null, null, null, null, null);
  }

  public ServiceGraphConfig withStore(Duration ttl, int maxItems) {
    return new ServiceGraphConfig(
        new StoreConfig(ttl, maxItems),
        virtualNodePeerAttributes,
        latencyHistogramBuckets,
        maxEdges,
        health);
  }

  public ServiceGraphConfig withHealth(HealthThresholds newHealth) {
    return new ServiceGraphConfig(
        store, virtualNodePeerAttributes, latencyHistogramBuckets, maxEdges, newHealth);
  }

  /**
   * The pairing store (collector: {@code store}).
   *
   * @param ttl how long a half edge waits for its other side (default 10s)
   * @param maxItems half edges kept at most (default 10000)
   */
  public record StoreConfig(
      @JsonProperty("ttl") Duration ttl, @JsonProperty("max_items") Integer maxItems) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_ITEMS = 10_000;

    public StoreConfig {
      ttl = ttl == null ? DEFAULT_TTL : ttl;
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException(
            "service_graph.store.ttl must be positive, e.g. 10s, got " + ttl);
      }
      maxItems = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
      if (maxItems < 1) {
        throw new IllegalArgumentException(
            "service_graph.store.max_items must be at least 1, got " + maxItems);
      }
    }

    public static StoreConfig defaults() {
      return new StoreConfig(null, null);
    }
  }
}
