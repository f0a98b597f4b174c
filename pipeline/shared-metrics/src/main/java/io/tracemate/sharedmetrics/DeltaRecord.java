package io.tracemate.sharedmetrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.SortedMap;

/**
 * One record of the metrics topic, as JSON: one series' slot deltas, or (family {@link DeltaCodec#NODES_FAMILY}) the
 * service graph's services that changed.
 *
 * @param version the format's version ({@link DeltaCodec#VERSION}); a reader refuses others
 * @param tenant the tenant whose series it is
 * @param family span metrics or the service graph ({@link MetricsFamily#wireName()})
 * @param labels the series key's labels
 * @param slots the slots' deltas, oldest first
 * @param nodes the services, in a record of the nodes family
 */
record DeltaRecord(
    @JsonProperty("v") int version,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("family") String family,
    @JsonProperty("labels") SortedMap<String, String> labels,
    @JsonProperty("slots") List<Slot> slots,
    @JsonProperty("nodes") List<Node> nodes) {

  /** A service of the service graph: what {@link io.tracemate.servicegraph.ServiceNode} holds. */
  record Node(
      @JsonProperty("name") String name,
      @JsonProperty("namespaces") List<String> namespaces,
      @JsonProperty("last_seen") long lastSeen) {}

  /**
   * One slot's delta: what {@link io.tracemate.red.SlotDelta} holds.
   *
   * @param start slot start, Unix ms
   * @param width slot width, ms
   * @param sum duration sum, ns
   * @param buckets non-empty latency buckets, increasing
   * @param counts their counts
   */
  record Slot(
      @JsonProperty("start") long start,
      @JsonProperty("width") long width,
      @JsonProperty("calls") long calls,
      @JsonProperty("errors") long errors,
      @JsonProperty("sum") long sum,
      @JsonProperty("buckets") int[] buckets,
      @JsonProperty("counts") int[] counts) {}
}
