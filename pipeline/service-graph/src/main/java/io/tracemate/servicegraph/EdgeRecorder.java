package io.tracemate.servicegraph;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SeriesKey;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes completed requests into the RED series store (one series per edge and side) and the Prometheus
 * metrics, and keeps the registry of known edges (bounded by {@code max_edges}; edges unseen for the store's
 * retention are forgotten).
 *
 * <p>Series labels: {@code metric=service_graph}, {@code edge} (a readable unique ID, the grouping key of
 * queries), {@code client}, {@code server}, {@code connection_type}, {@code via}, {@code client_kind},
 * {@code server_kind}, {@code leg} ("" or a broker leg, see {@link EdgeKey.Leg}) and {@code side} ({@code client} or {@code server}: whose duration the series holds).
 * Both sides hold every request, with {@code error} = the request failed on either side.
 *
 * <p>Thread-safe.
 */
final class EdgeRecorder {

  static final String METRIC_LABEL = "metric";
  static final String METRIC = "service_graph";
  static final String EDGE_LABEL = "edge";
  static final String SIDE_LABEL = "side";
  static final String LEG_LABEL = "leg";

  /** One known edge: its series keys, Prometheus data points and last-seen time. */
  static final class EdgeSeries {
    final EdgeKey key;
    final String id;
    final SeriesKey clientSide;
    final SeriesKey serverSide;
    final ServiceGraphMetrics.Children metrics;
    volatile long lastSeenMillis;

    EdgeSeries(
        EdgeKey key,
        String id,
        NodeKind clientKind,
        NodeKind serverKind,
        ServiceGraphMetrics.Children metrics) {
      this.key = key;
      this.id = id;
      this.clientSide = seriesKey(key, id, clientKind, serverKind, "client");
      this.serverSide = seriesKey(key, id, clientKind, serverKind, "server");
      this.metrics = metrics;
    }
  }

  private final RedSeriesStore store;
  private final TenantId tenant;
  private final ServiceGraphMetrics metrics;
  private volatile int maxEdges; // read only when an edge is new
  private final ConcurrentHashMap<EdgeKey, EdgeSeries> edges = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, EdgeKey> ids = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();

  /** @param tenant whose edges these are (the Prometheus series' tenant label) */
  EdgeRecorder(RedSeriesStore store, TenantId tenant, ServiceGraphMetrics metrics, int maxEdges) {
    this.store = store;
    this.tenant = tenant;
    this.metrics = metrics;
    this.maxEdges = maxEdges;
  }

  /** Bounds the edges from now on; edges held beyond a lowered bound are kept until they are forgotten. */
  void limitEdges(int maxEdges) {
    if (maxEdges < 1) {
      throw new IllegalArgumentException("max_edges must be at least 1, got " + maxEdges);
    }
    this.maxEdges = maxEdges;
  }

  void record(CompletedEdge edge, long nowMillis) {
    EdgeSeries series = edges.get(edge.key());
    if (series == null) {
      series = register(edge);
      if (series == null) {
        dropped.increment();
        return;
      }
    }
    series.lastSeenMillis = nowMillis;
    store.record(
        series.clientSide,
        edge.clientStartEpochMillis(),
        edge.clientDurationNanos(),
        edge.failed());
    store.record(
        series.serverSide,
        edge.serverStartEpochMillis(),
        edge.serverDurationNanos(),
        edge.failed());
    if (series.metrics != null) {
      series.metrics.observe(edge);
    }
  }

  private EdgeSeries register(CompletedEdge edge) {
    if (count.incrementAndGet() > maxEdges) {
      count.decrementAndGet();
      return null;
    }
    EdgeKey key = edge.key();
    boolean[] created = {false};
    EdgeSeries series =
        edges.computeIfAbsent(
            key,
            k -> {
              created[0] = true;
              ServiceGraphMetrics.Children children =
                  k.leg() == EdgeKey.Leg.NONE ? metrics.children(tenant, k) : null;
              return new EdgeSeries(k, uniqueId(k), edge.clientKind(), edge.serverKind(), children);
            });
    if (!created[0]) {
      count.decrementAndGet();
    }
    return series;
  }

  /** The readable ID, with a "#n" suffix in the unlikely case two keys print alike. */
  private String uniqueId(EdgeKey key) {
    String base = key.displayId();
    String id = base;
    for (int n = 2; ids.putIfAbsent(id, key) != null && !key.equals(ids.get(id)); n++) {
      id = base + " #" + n;
    }
    return id;
  }

  int size() {
    return count.get();
  }

  long droppedRequests() {
    return dropped.sum();
  }

  /** Forgets edges unseen since {@code cutoffMillis}, and their Prometheus series when no live edge shares them. */
  void forgetOlderThan(long cutoffMillis) {
    Set<EdgeKey> forgotten = new HashSet<>();
    edges.forEach(
        (key, series) -> {
          if (series.lastSeenMillis < cutoffMillis && edges.remove(key, series)) {
            ids.remove(series.id, key);
            count.decrementAndGet();
            forgotten.add(key);
          }
        });
    for (EdgeKey key : forgotten) {
      if (key.leg() != EdgeKey.Leg.NONE) {
        continue;
      }
      boolean shared =
          edges.keySet().stream()
              .anyMatch(
                  live ->
                      live.leg() == EdgeKey.Leg.NONE
                          && live.client().equals(key.client())
                          && live.server().equals(key.server())
                          && live.connectionType() == key.connectionType());
      if (!shared) {
        metrics.remove(tenant, key.client(), key.server(), key.connectionType());
      }
    }
  }

  static boolean isEdgeSeries(SeriesKey key) {
    return METRIC.equals(key.get(METRIC_LABEL));
  }

  private static SeriesKey seriesKey(
      EdgeKey key, String id, NodeKind clientKind, NodeKind serverKind, String side) {
    return SeriesKey.of(
        METRIC_LABEL,
        METRIC,
        EDGE_LABEL,
        id,
        "client",
        key.client(),
        "server",
        key.server(),
        "connection_type",
        key.connectionType().label(),
        "via",
        key.via(),
        "client_kind",
        clientKind.name(),
        "server_kind",
        serverKind.name(),
        LEG_LABEL,
        key.leg().label,
        SIDE_LABEL,
        side);
  }
}
