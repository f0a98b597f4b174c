package io.tracemate.sharedmetrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.SortedMap;

/**
 * One record of the metrics topic: one series' slot deltas, as JSON.
 *
 * @param version the format's version ({@link DeltaCodec#VERSION}); a reader refuses others
 * @param tenant the tenant whose series it is
 * @param family span metrics or the service graph ({@link MetricsFamily#wireName()})
 * @param labels the series key's labels
 * @param slots the slots' deltas, oldest first
 */
record DeltaRecord(
    @JsonProperty("v") int version,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("family") String family,
    @JsonProperty("labels") SortedMap<String, String> labels,
    @JsonProperty("slots") List<Slot> slots) {

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
