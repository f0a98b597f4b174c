package io.tracemate.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.Connector;
import io.tracemate.component.DurableStage;
import io.tracemate.component.ObservingStage;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.sampling.TailSamplingStage;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.server.config.TracemateConfig.MultitenancySettings;
import io.tracemate.server.config.TracemateConfig.PipelineSettings;
import io.tracemate.server.overrides.RuntimeConfigWatcher;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.servicegraph.ServiceNode;
import io.tracemate.sharedmetrics.MetricsFamily;
import io.tracemate.sharedmetrics.MetricsSource;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsCollector;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The span pipeline's components as the {@code pipeline} section declares them, built before any data is touched:
 * the processors in front of the write-ahead log, the connectors after it (span metrics and the service graph,
 * which see every span, each keeping its state per tenant) and
 * tail sampling (after them, before the store).
 *
 * <p>With the metrics shared through Kafka (a {@code kafka} block), the connectors the stage feeds keep no RED
 * series: they export them ({@link #metricsSources()}), and the queries read a second pair of connectors, never fed
 * spans, whose series are the sum of every ingester's deltas ({@link #readStore}).
 * Assembly only: every batch flows through the component classes themselves.
 */
final class TraceProcessing {
  private final ProcessorChain<SpanBatch> processors;
  private final SpanMetricsConnector spanMetrics; // null when off; what queries read
  private final ServiceGraphConnector serviceGraph; // null when off; what queries read
  private final SpanMetricsConnector
      ingestSpanMetrics; // what the stage feeds: spanMetrics unless shared
  private final ServiceGraphConnector ingestServiceGraph; // serviceGraph unless shared
  private final boolean tenantLabel;
  private final TailSamplingStage sampling; // null when not configured

  private TraceProcessing(
      ProcessorChain<SpanBatch> processors,
      Connectors read,
      Connectors ingest,
      TailSamplingStage sampling,
      boolean tenantLabel) {
    this.processors = processors;
    this.tenantLabel = tenantLabel;
    this.spanMetrics = read.spanMetrics();
    this.serviceGraph = read.serviceGraph();
    this.ingestSpanMetrics = ingest.spanMetrics();
    this.ingestServiceGraph = ingest.serviceGraph();
    this.sampling = sampling;
  }

  /** Span metrics and the service graph of one side; either null when off. */
  private record Connectors(SpanMetricsConnector spanMetrics, ServiceGraphConnector serviceGraph) {}

  /**
   * Builds and starts the components. The configuration loader has checked every block already; a config built
   * in code is checked here.
   *
   * @param overrides the runtime overrides file in force, or null without one: each tenant's {@code
   *     metrics_generator_max_active_series} bounds its span metrics series and its service graph's edges, its own
   *     {@code tail_sampling} block decides its new traces
   * @throws IllegalArgumentException naming the processor and the problem
   */
  static TraceProcessing build(
      PipelineSettings settings,
      MultitenancySettings multitenancy,
      RuntimeConfigWatcher overrides,
      Clock clock) {
    return build(settings, multitenancy, overrides, clock, false);
  }

  /**
   * @param sharedMetrics whether the RED series are shared through Kafka: the stage's connectors export theirs and
   *     queries read connectors fed by {@link #readStore}
   */
  static TraceProcessing build(
      PipelineSettings settings,
      MultitenancySettings multitenancy,
      RuntimeConfigWatcher overrides,
      Clock clock,
      boolean sharedMetrics) {
    TenantStateLimits limits = multitenancy.pipelineState();
    TailSamplingConfig samplingConfig = settings.tailSampling();
    TailSamplingStage sampling =
        samplingConfig == null
            ? null
            : TailSamplingStage.create(
                samplingConfig,
                tenant -> overrides == null ? samplingConfig : overrides.tailSampling(tenant),
                System::nanoTime,
                limits,
                clock::millis);
    Connectors read = connectors(settings, multitenancy, overrides, clock, false);
    Connectors ingest =
        sharedMetrics ? connectors(settings, multitenancy, overrides, clock, true) : read;
    ProcessorChain<SpanBatch> processors = PipelineFactory.create(settings.beforeWal());
    processors.start();
    return new TraceProcessing(processors, read, ingest, sampling, multitenancy.enabled());
  }

  private static Connectors connectors(
      PipelineSettings settings,
      MultitenancySettings multitenancy,
      RuntimeConfigWatcher overrides,
      Clock clock,
      boolean exporting) {
    TenantStateLimits limits = multitenancy.pipelineState();
    SpanMetricsConfig spanMetricsConfig = settings.spanmetrics().config();
    SpanMetricsConnector spanMetrics =
        spanMetricsConfig == null
            ? null
            : new SpanMetricsConnector(
                spanMetricsConfig,
                tenant -> {
                  int maxSeries = maxActiveSeries(overrides, tenant);
                  return maxSeries == 0
                      ? spanMetricsConfig
                      : spanMetricsConfig.withMaxSeries(maxSeries);
                },
                limits,
                clock,
                exporting);
    ServiceGraphConnector serviceGraph = null;
    ServiceGraphConfig graphConfig = settings.servicegraph().config();
    if (graphConfig != null) {
      serviceGraph =
          new ServiceGraphConnector(
              graphConfig,
              limits,
              multitenancy.enabled(),
              clock,
              spanMetrics == null
                  ? null
                  : tenant ->
                      (service, start, end) -> spanMetrics.red(tenant).service(service, start, end),
              tenant -> {
                int maxSeries = maxActiveSeries(overrides, tenant);
                return maxSeries == 0 ? graphConfig.maxEdges() : maxSeries;
              },
              exporting);
    }
    return new Connectors(spanMetrics, serviceGraph);
  }

  /** The stage's exporting RED stores now, one per tenant and family (empty unless the metrics are shared). */
  List<MetricsSource> metricsSources() {
    List<MetricsSource> sources = new ArrayList<>();
    if (ingestSpanMetrics != null && ingestSpanMetrics != spanMetrics) {
      ingestSpanMetrics
          .tenants()
          .all()
          .forEach(
              (tenant, aggregator) ->
                  sources.add(
                      new MetricsSource(
                          tenant, MetricsFamily.SPAN_METRICS, aggregator.redSeries())));
    }
    if (ingestServiceGraph != null && ingestServiceGraph != serviceGraph) {
      ingestServiceGraph
          .tenants()
          .all()
          .forEach(
              (tenant, graph) ->
                  sources.add(
                      new MetricsSource(tenant, MetricsFamily.SERVICE_GRAPH, graph.redSeries())));
    }
    return sources;
  }

  /** The stage's service graphs whose services are exported (none unless the metrics are shared). */
  Map<TenantId, ServiceGraph> exportingGraphs() {
    return ingestServiceGraph == null || ingestServiceGraph == serviceGraph
        ? Map.of()
        : ingestServiceGraph.tenants().all();
  }

  /** Adds a service an ingester's graph exported to the tenant's graph queries read. */
  void applyNode(TenantId tenant, ServiceNode node) {
    ServiceGraph graph = serviceGraph == null ? null : serviceGraph.tenants().get(tenant);
    if (graph != null) {
      graph.applyNode(node);
    }
  }

  /**
   * The store queries read for a tenant's series of a family, made on first use; null when the family is off or the
   * tenant is beyond the tenant bound. For the reader of the shared metrics, the only writer of these stores.
   */
  RedSeriesStore readStore(TenantId tenant, MetricsFamily family) {
    return switch (family) {
      case SPAN_METRICS -> {
        SpanMetricsAggregator aggregator =
            spanMetrics == null ? null : spanMetrics.tenants().get(tenant);
        yield aggregator == null ? null : aggregator.redSeries();
      }
      case SERVICE_GRAPH -> {
        ServiceGraph graph = serviceGraph == null ? null : serviceGraph.tenants().get(tenant);
        yield graph == null ? null : graph.redSeries();
      }
    };
  }

  private static int maxActiveSeries(RuntimeConfigWatcher overrides, TenantId tenant) {
    return overrides == null ? 0 : overrides.maxActiveSeries(tenant);
  }

  /**
   * The runtime overrides changed: each tenant's state held takes its bounds from the new file from now on (series
   * and edges already held are kept), and its sampler its policies for the traces that start afterwards.
   */
  void overridesChanged() {
    if (spanMetrics != null) {
      spanMetrics.settingsChanged();
    }
    if (ingestSpanMetrics != null && ingestSpanMetrics != spanMetrics) {
      ingestSpanMetrics.settingsChanged();
    }
    if (serviceGraph != null) {
      serviceGraph.settingsChanged();
    }
    if (ingestServiceGraph != null && ingestServiceGraph != serviceGraph) {
      ingestServiceGraph.settingsChanged();
    }
    if (sampling != null) {
      sampling.settingsChanged();
    }
  }

  /** The processors that run before the WAL (none configured: an empty chain). */
  ProcessorChain<SpanBatch> processors() {
    return processors;
  }

  /** Null when span metrics are off. */
  SpanMetricsConnector spanMetrics() {
    return spanMetrics;
  }

  /** Null when the service graph is off. */
  ServiceGraphConnector serviceGraph() {
    return serviceGraph;
  }

  /**
   * What runs between the WAL and the store: the connectors (span metrics, the service graph), then tail sampling;
   * null when nothing needs to.
   */
  DurableStage<SpanBatch> storeStage() {
    List<Connector<SpanBatch>> connectors = new ArrayList<>();
    if (ingestSpanMetrics != null) {
      connectors.add(ingestSpanMetrics);
    }
    if (ingestServiceGraph != null) {
      connectors.add(ingestServiceGraph);
    }
    if (connectors.isEmpty() && sampling == null) {
      return null;
    }
    return new ObservingStage<>(connectors, sampling);
  }

  void registerMetrics(PrometheusRegistry registry) {
    processors.registerMetrics(registry, "spans");
    if (ingestSpanMetrics != null) {
      ingestSpanMetrics
          .tenants()
          .registerMetrics(registry, "tracemate_spanmetrics", "span metrics");
    }
    if (ingestServiceGraph != null) {
      ingestServiceGraph.registerMetrics(registry);
    }
    if (sampling != null) {
      sampling.registerMetrics(registry);
    }
  }

  /**
   * The series that describe tenants' spans (span metrics, the service graph, the samplers' counters), which
   * /metrics shows per request scope: labelled with the tenant and only the scope's tenants when multitenancy is on.
   * Those of the spans this process observed (an ingester's own, which Prometheus sums over ingesters).
   */
  List<TenantMetrics> tenantMetrics() {
    List<TenantMetrics> out = new ArrayList<>();
    if (ingestSpanMetrics != null) {
      out.add(SpanMetricsCollector.of(ingestSpanMetrics, tenantLabel));
    }
    if (ingestServiceGraph != null) {
      out.add(ingestServiceGraph);
    }
    if (sampling != null) {
      out.add(sampling.metrics(tenantLabel));
    }
    return out;
  }

  void shutdown() {
    processors.shutdown();
  }
}
