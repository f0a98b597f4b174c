package io.tracemate.servicegraph;

import java.time.Instant;

/**
 * What part of the graph to return.
 *
 * @param start window start, inclusive
 * @param end window end, exclusive (after start)
 * @param namespace only services whose {@code service.namespace} or {@code k8s.namespace.name} is this, with
 *     the databases, brokers and external peers they call or are fed by; null for all
 * @param focus only this service and what lies within {@code hopsUp} callers and {@code hopsDown} callees of it;
 *     null for no focus
 * @param hopsUp how many levels of callers of the focus (0..{@value #MAX_HOPS})
 * @param hopsDown how many levels of callees of the focus (0..{@value #MAX_HOPS})
 * @param brokersAsNodes false (default): a producer → consumer edge per consumer service, {@code via} its
 *     destination, as the collector draws them; true: the destination as a messaging node between them
 *     (producer → {@code kafka/orders} → each consumer), so a fan-out shows as one arrow in and one arrow out
 *     per consumer group. Publish legs count published messages with the producer's durations and errors;
 *     consume legs count consumed records with the consumer's.
 */
public record TopologyQuery(
    Instant start,
    Instant end,
    String namespace,
    String focus,
    int hopsUp,
    int hopsDown,
    boolean brokersAsNodes) {

  public static final int MAX_HOPS = 32;

  public TopologyQuery {
    if (start == null || end == null) {
      throw new IllegalArgumentException("a topology query needs a start and an end");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "topology window end (" + end + ") must be after its start (" + start + ")");
    }
    namespace = namespace == null || namespace.isBlank() ? null : namespace;
    focus = focus == null || focus.isBlank() ? null : focus;
    checkHops("hopsUp", hopsUp);
    checkHops("hopsDown", hopsDown);
  }

  /** The whole graph in [start, end). */
  public static TopologyQuery between(Instant start, Instant end) {
    return new TopologyQuery(start, end, null, null, 0, 0, false);
  }

  public TopologyQuery inNamespace(String newNamespace) {
    return new TopologyQuery(start, end, newNamespace, focus, hopsUp, hopsDown, brokersAsNodes);
  }

  public TopologyQuery around(String service, int up, int down) {
    return new TopologyQuery(start, end, namespace, service, up, down, brokersAsNodes);
  }

  public TopologyQuery withBrokersAsNodes(boolean brokers) {
    return new TopologyQuery(start, end, namespace, focus, hopsUp, hopsDown, brokers);
  }

  private static void checkHops(String name, int hops) {
    if (hops < 0 || hops > MAX_HOPS) {
      throw new IllegalArgumentException(
          name + " must be within [0, " + MAX_HOPS + "], got " + hops);
    }
  }
}
