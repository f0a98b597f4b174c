package io.tracemate.sharedmetrics;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.SeriesDelta;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An ingester's side: what its exporting stores observed since the last commit, as records of the metrics topic,
 * for the transaction that commits the offsets of the spans they came from (the Kafka ingester's commit outbox).
 * Memory is bounded by asking for an early commit once {@code maxPendingSlots} slots wait.
 *
 * <p>Called on the ingester's thread only (the stores are recorded into on that thread too).
 */
public final class MetricsOutbox {
  private final String topic;
  private final Supplier<List<MetricsSource>> sources;
  private final Supplier<Map<TenantId, ServiceGraph>> graphs;
  private final int maxPendingSlots;
  private final SharedMetricsMetrics metrics;

  /**
   * @param sources the ingester's exporting stores now (tenants come and go)
   * @param maxPendingSlots slots over all stores above which {@link #full()} asks for a commit
   */
  public MetricsOutbox(
      String topic,
      Supplier<List<MetricsSource>> sources,
      int maxPendingSlots,
      SharedMetricsMetrics metrics) {
    this(topic, sources, Map::of, maxPendingSlots, metrics);
  }

  /**
   * @param graphs the ingester's service graphs now, whose changed services ({@link ServiceGraph#exportNodes}) are
   *     published with the deltas
   */
  public MetricsOutbox(
      String topic,
      Supplier<List<MetricsSource>> sources,
      Supplier<Map<TenantId, ServiceGraph>> graphs,
      int maxPendingSlots,
      SharedMetricsMetrics metrics) {
    this.graphs = graphs;
    if (maxPendingSlots < 1) {
      throw new IllegalArgumentException("maxPendingSlots must be at least 1");
    }
    this.topic = topic;
    this.sources = sources;
    this.maxPendingSlots = maxPendingSlots;
    this.metrics = metrics;
  }

  /** Everything observed since the last call, as records; the stores forget it. */
  public List<ProducerRecord<byte[], byte[]>> take() {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (MetricsSource source : sources.get()) {
      for (SeriesDelta delta : source.store().exportDeltas()) {
        byte[] key = DeltaCodec.key(source.tenant(), source.family(), delta.key());
        for (byte[] value : DeltaCodec.encode(source.tenant(), source.family(), delta)) {
          records.add(new ProducerRecord<>(topic, key, value));
        }
      }
    }
    graphs
        .get()
        .forEach(
            (tenant, graph) -> {
              List<ServiceNode> nodes = graph.exportNodes();
              if (!nodes.isEmpty()) {
                byte[] key = DeltaCodec.nodesKey(tenant);
                for (byte[] value : DeltaCodec.encodeNodes(tenant, nodes)) {
                  records.add(new ProducerRecord<>(topic, key, value));
                }
              }
            });
    metrics.published.inc(records.size());
    return records;
  }

  /** Whether a store has something to export. */
  public boolean hasPending() {
    for (MetricsSource source : sources.get()) {
      if (source.store().pendingDeltaSlots() > 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code maxPendingSlots} slots wait over all stores. */
  public boolean full() {
    long pending = 0;
    for (MetricsSource source : sources.get()) {
      pending += source.store().pendingDeltaSlots();
      if (pending >= maxPendingSlots) {
        return true;
      }
    }
    return false;
  }

  /** Forgets what the stores hold: it will be observed again from the records it came from. */
  public void discard() {
    for (MetricsSource source : sources.get()) {
      source.store().exportDeltas();
    }
  }
}
