package io.tracemate.servicegraph;

import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SeriesKey;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the service graph's edge series in its RED store read as the {@code traces_service_graph_*} series
 * {@link ServiceGraphMetrics} exposes on /metrics, for a query API that answers PromQL over the store as a
 * Prometheus scraping /metrics would: each edge's server-side series gives the request and failed counters and the
 * server-seconds histogram, its client-side series the client-seconds histogram, both under the labels
 * {@code client}, {@code server} and {@code connection_type} (several edges that differ only in their broker
 * destination share them, as on /metrics). Broker legs and the store's overflow series are not on /metrics and have
 * no labels here. Immutable and thread-safe.
 */
public final class ServiceGraphExposition {
  /** Whose duration an edge series holds. */
  public enum Side {
    CLIENT,
    SERVER
  }

  /** The Prometheus labels of one edge series and the side it holds. */
  public record EdgeSeries(Map<String, String> labels, Side side) {
    public EdgeSeries {
      labels = Map.copyOf(labels);
    }
  }

  private final RedSeriesStore store;
  private final double[] boundsSeconds;

  ServiceGraphExposition(RedSeriesStore store, ServiceGraphConfig config) {
    this.store = store;
    this.boundsSeconds =
        config.latencyHistogramBuckets().stream().mapToDouble(b -> b.toNanos() / 1e9).toArray();
  }

  /** The edge series. */
  public RedSeriesStore store() {
    return store;
  }

  /** The histograms' bucket upper bounds in seconds, ascending, without +Inf. */
  public double[] boundsSeconds() {
    return boundsSeconds.clone();
  }

  /** The labels and side of an edge series, or null for a key that is not on /metrics (a broker leg, overflow). */
  public EdgeSeries edge(SeriesKey key) {
    if (!EdgeRecorder.isEdgeSeries(key)) {
      return null;
    }
    String leg = key.get(EdgeRecorder.LEG_LABEL);
    if (leg != null && !leg.isEmpty()) {
      return null;
    }
    String side = key.get(EdgeRecorder.SIDE_LABEL);
    String client = key.get("client");
    String server = key.get("server");
    if (side == null || client == null || server == null) {
      return null;
    }
    Map<String, String> labels = new TreeMap<>();
    labels.put("client", client);
    labels.put("server", server);
    String connectionType = key.get("connection_type");
    labels.put("connection_type", connectionType == null ? "" : connectionType);
    return new EdgeSeries(labels, side.equals("client") ? Side.CLIENT : Side.SERVER);
  }
}
