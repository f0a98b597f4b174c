package io.tracemate.servicegraph;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.Connector;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSeriesStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service graph, computed on 100 % of spans: {@link #observe} pairs CLIENT with SERVER and PRODUCER with
 * CONSUMER spans across services and records every request on its edge at once (no batch lag), in the RED
 * series store and the collector-compatible Prometheus metrics; {@link #topology}, {@link #paths} and
 * {@link #dependencies} answer queries from the store.
 *
 * <p>Pairing (the collector servicegraph connector's semantics, plus span links):
 * <ul>
 *   <li>CLIENT (service A) + SERVER child (parent = the client span, same trace, service B): edge A → B,
 *       {@code connection_type} "". Either may arrive first, in different batches.
 *   <li>PRODUCER + CONSUMER whose parent is the producer span or who links to it (any trace): edge
 *       producer → consumer, {@code messaging_system}, {@code via} the destination ({@code kafka/orders}).
 *       One producer feeds any number of consumer groups (fan-out: one edge each) until its TTL.
 *   <li>CLIENT with {@code db.system} (or db.namespace/db.name): edge to the database node at once,
 *       {@code database} (databases are never instrumented, so waiting would only delay the edge).
 *   <li>Root SERVER span: edge {@code user} → service at once, {@code virtual_node}.
 *   <li>After {@code store.ttl} without a partner: a CLIENT or PRODUCER gets an edge to the virtual node its
 *       attributes name ({@code virtual_node_peer_attributes}: {@code bank-core}, {@code kafka/orders},
 *       {@code api.example.com}), a CONSUMER one from its broker destination; {@code virtual_node}.
 *       A SERVER whose client never came is dropped (its caller is unknowable), as the collector does.
 *   <li>Besides, every PRODUCER span records a producer → destination leg and every consumed record a
 *       destination → consumer leg, for the view with brokers as nodes ({@link TopologyQuery#brokersAsNodes()});
 *       legs stay out of the Prometheus metrics and of {@link #dependencies}.
 * </ul>
 * A request failed when either side's status is ERROR. Spans without a service.name are counted under
 * Jaeger's placeholder name, like everywhere else in Tracemate.
 *
 * <p>Expiry runs at the end of every {@link #observe} and in {@link #expire()}, which the owner should call
 * about once a second so that virtual-node edges appear even when no spans arrive. As a {@link Connector}, it
 * observes every span batch after the write-ahead log, before tail sampling, and expires on every tick.
 *
 * <p>Thread-safe: pairing runs under one lock (a few map operations per span); writing to the store and to
 * Prometheus happens outside it.
 */
public final class ServiceGraph implements Connector<SpanBatch> {

  private static final long FORGET_INTERVAL_MILLIS = 60_000;

  private final ServiceGraphConfig config;
  private final Clock clock;
  private final EdgeAssembler assembler;
  private final PendingEdges pending;
  private final NodeRegistry nodes;
  private final ServiceGraphMetrics metrics;
  private final EdgeRecorder recorder;
  private final TopologyQueries queries;
  private final ServiceGraphExposition exposition;
  private final RedSeriesStore store;
  private final long retentionMillis;
  private final Object lock = new Object();
  private long nextForgetMillis;

  private final LongAdder pairedRequests = new LongAdder();
  private final LongAdder databaseRequests = new LongAdder();
  private final LongAdder virtualRequests = new LongAdder();
  private final LongAdder expiredHalfEdges = new LongAdder();
  private final LongAdder evictedHalfEdges = new LongAdder();
  private final LongAdder unnamedHalfEdges = new LongAdder();

  /** A graph whose nodes' RED comes from their incoming edges only. */
  public ServiceGraph(ServiceGraphConfig config, RedSeriesStore store, Clock clock) {
    this(config, store, clock, null);
  }

  /**
   * @param nodeRed where service nodes' own RED comes from (e.g. span metrics over SERVER/CONSUMER spans), so
   *     that entry services have RED too; null to use the sum of incoming edges' server side
   */
  public ServiceGraph(
      ServiceGraphConfig config, RedSeriesStore store, Clock clock, NodeRedSource nodeRed) {
    this(config, store, clock, nodeRed, TenantId.DEFAULT, null);
  }

  /**
   * One tenant's graph of a {@link ServiceGraphConnector}, whose Prometheus metrics all its tenants share.
   *
   * @param sharedMetrics null: metrics of this graph alone, without a tenant label
   */
  ServiceGraph(
      ServiceGraphConfig config,
      RedSeriesStore store,
      Clock clock,
      NodeRedSource nodeRed,
      TenantId tenant,
      ServiceGraphMetrics sharedMetrics) {
    if (config == null || store == null || clock == null) {
      throw new IllegalArgumentException(
          "ServiceGraph needs a config, a RED series store and a clock");
    }
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.assembler = new EdgeAssembler(new PeerNaming(config.virtualNodePeerAttributes()));
    this.pending = new PendingEdges(config.store().ttl().toMillis(), config.store().maxItems());
    this.nodes = new NodeRegistry(config.maxEdges());
    this.metrics =
        sharedMetrics != null
            ? sharedMetrics
            : new ServiceGraphMetrics(
                config.latencyHistogramBuckets(),
                false,
                scope -> new TreeMap<>(Map.of(TenantId.DEFAULT, stats())));
    this.recorder = new EdgeRecorder(store, tenant, metrics, config.maxEdges());
    this.queries = new TopologyQueries(store, nodes, config.health(), nodeRed);
    this.exposition = new ServiceGraphExposition(store, config);
    this.retentionMillis = store.config().retention().toMillis();
    this.nextForgetMillis = clock.millis() + FORGET_INTERVAL_MILLIS;
  }

  public ServiceGraphConfig config() {
    return config;
  }

  /**
   * Bounds the edges from now on ({@code max_edges}; a tenant's {@code metrics_generator_max_active_series} from the
   * runtime overrides file): requests of further new edges are dropped (counted). Edges held beyond a lowered bound
   * are kept until they are forgotten.
   */
  public void limitEdges(int maxEdges) {
    recorder.limitEdges(maxEdges);
  }

  /** The RED series of the edges (each edge's client and server side). */
  public RedSeriesStore redSeries() {
    return store;
  }

  /**
   * The services that are new, run in a new namespace, or were seen a minute after their last export, since the last
   * call: what a querier's graph needs beside the edge series ({@link #applyNode}).
   */
  public List<ServiceNode> exportNodes() {
    return nodes.exportChanged();
  }

  /** Adds what another graph (an ingester's) knows of a service; bounded as services seen here are. */
  public void applyNode(ServiceNode node) {
    nodes.merge(node);
  }

  /** The edge series as the {@code traces_service_graph_*} series of /metrics, for a PromQL source. */
  public ServiceGraphExposition exposition() {
    return exposition;
  }

  @Override
  public void observe(SpanBatch batch) {
    observe(batch.spans());
  }

  @Override
  public void tick() {
    expire();
  }

  /** Takes a batch of spans (any services, any order, any traces); records the requests it completes. */
  public void observe(List<Span> spans) {
    long now = clock.millis();
    // Reading attributes happens outside the lock; only the store operations need it.
    List<HalfEdge> halves = new ArrayList<>(spans.size());
    List<Span> parts = new ArrayList<>(spans.size());
    for (Span span : spans) {
      if (EdgeAssembler.takesPart(span.kind())) {
        nodes.touch(span.serviceName(), span.resource(), now);
        parts.add(span);
        halves.add(assembler.halfEdge(span));
      }
    }
    List<CompletedEdge> completed = new ArrayList<>();
    Outcomes outcomes = new Outcomes(completed);
    synchronized (lock) {
      for (int i = 0; i < parts.size(); i++) {
        Span span = parts.get(i);
        HalfEdge half = halves.get(i);
        switch (span.kind()) {
          case CLIENT -> {
            if (half.databaseCall) {
              completed.add(assembler.databaseCall(half));
              databaseRequests.increment();
            } else {
              pending.addInitiator(
                  new PendingEdges.SpanKey(span.traceId(), span.spanId()), half, now, outcomes);
            }
          }
          case PRODUCER -> {
            addIfPresent(completed, assembler.publishLeg(half));
            pending.addInitiator(
                new PendingEdges.SpanKey(span.traceId(), span.spanId()), half, now, outcomes);
          }
          case SERVER -> {
            if (span.isRoot()) {
              completed.add(assembler.fromUser(half));
              virtualRequests.increment();
            } else {
              pending.addReceiver(
                  List.of(new PendingEdges.SpanKey(span.traceId(), span.parentSpanId())),
                  half,
                  now,
                  outcomes);
            }
          }
          case CONSUMER -> {
            List<PendingEdges.SpanKey> producers = producerKeys(span);
            if (producers.isEmpty()) {
              // Nothing to wait for: the producer is not instrumented (or did not propagate
              // context).
              outcomes.toVirtualNode(half);
            } else {
              pending.addReceiver(producers, half, now, outcomes);
            }
          }
          default -> throw new IllegalStateException("unexpected span kind " + span.kind());
        }
      }
      pending.expire(now, outcomes);
    }
    record(completed, now);
  }

  /** Resolves half edges whose TTL has passed (virtual-node edges appear here); call about once a second. */
  public void expire() {
    long now = clock.millis();
    List<CompletedEdge> completed = new ArrayList<>();
    synchronized (lock) {
      pending.expire(now, new Outcomes(completed));
    }
    record(completed, now);
  }

  public ServiceGraphStats stats() {
    long waiting;
    long duplicates;
    synchronized (lock) {
      waiting = pending.size();
      duplicates = pending.duplicates();
    }
    return new ServiceGraphStats(
        waiting,
        recorder.size(),
        pairedRequests.sum(),
        databaseRequests.sum(),
        virtualRequests.sum(),
        expiredHalfEdges.sum(),
        evictedHalfEdges.sum(),
        unnamedHalfEdges.sum(),
        duplicates,
        recorder.droppedRequests());
  }

  /**
   * Registers the collector-compatible {@code traces_service_graph_*} metrics and Tracemate's
   * {@code tracemate_servicegraph_*} store metrics. Call once per registry.
   */
  public void register(PrometheusRegistry registry) {
    registry.register(metrics);
  }

  /** Nodes and edges with traffic in the query's window, filtered and judged; see {@link TopologyQuery}. */
  public Topology topology(TopologyQuery query) {
    return queries.topology(query);
  }

  /**
   * Every simple directed path from {@code from} to {@code to} over the edges with traffic in [start, end),
   * shortest first (then alphabetically), at most {@code maxPaths} paths of at most {@code maxDepth} edges.
   * Empty when either service is unknown or no path exists; {@code [[from]]} when from equals to.
   */
  public List<List<String>> paths(
      String from, String to, Instant start, Instant end, int maxPaths, int maxDepth) {
    return queries.paths(from, to, start, end, maxPaths, maxDepth);
  }

  /**
   * The RED of the edge {@code source} → {@code target} over [start, end) in points of {@code step} (rounded as
   * {@link RedSeriesStore#timeSeries} does), as the {@code side} measured it: "client" (the caller's durations)
   * or "server" (the callee's). Requests count on both sides; an edge without traffic gives empty points.
   * Connection types, vias and broker legs between the same two nodes are summed.
   *
   * @throws IllegalArgumentException when side is neither "client" nor "server", or the range is invalid
   */
  public List<RedPoint> edgeSeries(
      String source, String target, String side, Instant start, Instant end, Duration step) {
    return queries.edgeSeries(source, target, side, start, end, step);
  }

  /** Caller → callee call counts over [start, end), for Jaeger's {@code /api/dependencies}. */
  public List<ServiceDependency> dependencies(Instant start, Instant end) {
    return queries.dependencies(start, end);
  }

  private void record(List<CompletedEdge> completed, long now) {
    for (CompletedEdge edge : completed) {
      recorder.record(edge, now);
    }
    maybeForget(now);
  }

  private void maybeForget(long now) {
    synchronized (lock) {
      if (now < nextForgetMillis) {
        return;
      }
      nextForgetMillis = now + FORGET_INTERVAL_MILLIS;
    }
    recorder.forgetOlderThan(now - retentionMillis);
    nodes.forgetOlderThan(now - retentionMillis);
  }

  private static void addIfPresent(List<CompletedEdge> completed, CompletedEdge edge) {
    if (edge != null) {
      completed.add(edge);
    }
  }

  /** The producer spans a consumer read: its parent and every span it links to, each once. */
  private static List<PendingEdges.SpanKey> producerKeys(Span consumer) {
    List<PendingEdges.SpanKey> keys = new ArrayList<>(1 + consumer.links().size());
    if (consumer.parentSpanId().isValid()) {
      keys.add(new PendingEdges.SpanKey(consumer.traceId(), consumer.parentSpanId()));
    }
    for (SpanLink link : consumer.links()) {
      SpanId linked = link.spanId();
      if (linked != null
          && linked.isValid()
          && link.traceId() != null
          && link.traceId().isValid()) {
        PendingEdges.SpanKey key = new PendingEdges.SpanKey(link.traceId(), linked);
        if (!keys.contains(key)) {
          keys.add(key);
        }
      }
    }
    return keys;
  }

  /** Collects what the store resolves into edges and counts what it drops. */
  private final class Outcomes implements PendingEdges.Outcomes {
    private final List<CompletedEdge> completed;

    Outcomes(List<CompletedEdge> completed) {
      this.completed = completed;
    }

    @Override
    public void paired(HalfEdge initiator, HalfEdge receiver) {
      CompletedEdge edge = assembler.paired(initiator, receiver);
      completed.add(edge);
      pairedRequests.increment();
      if (receiver.kind == SpanKind.CONSUMER) {
        addIfPresent(completed, assembler.consumeLeg(receiver, edge.key().via()));
      }
    }

    @Override
    public void unpaired(HalfEdge halfEdge, boolean evicted) {
      (evicted ? evictedHalfEdges : expiredHalfEdges).increment();
      toVirtualNode(halfEdge);
    }

    /** The edge to (or from) the virtual node the half edge names, if it names one. */
    void toVirtualNode(HalfEdge halfEdge) {
      if (halfEdge.kind == SpanKind.CONSUMER) {
        addIfPresent(completed, assembler.consumeLeg(halfEdge, halfEdge.destination));
      }
      CompletedEdge edge = assembler.unpaired(halfEdge);
      if (edge == null) {
        unnamedHalfEdges.increment();
      } else {
        completed.add(edge);
        virtualRequests.increment();
      }
    }
  }
}
