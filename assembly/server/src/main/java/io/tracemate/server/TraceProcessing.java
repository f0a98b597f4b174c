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
import io.tracemate.server.config.TracemateConfig.MultitenancySettings;
import io.tracemate.server.config.TracemateConfig.PipelineSettings;
import io.tracemate.server.overrides.RuntimeConfigWatcher;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.servicegraph.ServiceGraphConnector;
import io.tracemate.spanmetrics.SpanMetricsCollector;
import io.tracemate.spanmetrics.SpanMetricsConnector;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The span pipeline's components as the {@code pipeline} section declares them, built before any data is touched:
 * the processors in front of the write-ahead log, the connectors after it (span metrics and the service graph,
 * which see every span, each keeping its state per tenant) and tail sampling (after them, before the store).
 * Assembly only: every batch flows through the component classes themselves.
 */
final class TraceProcessing {
  private final ProcessorChain<SpanBatch> processors;
  private final SpanMetricsConnector spanMetrics; // null when off
  private final ServiceGraphConnector serviceGraph; // null when off
  private final boolean tenantLabel;
  private final TailSamplingStage sampling; // null when not configured

  private TraceProcessing(
      ProcessorChain<SpanBatch> processors,
      SpanMetricsConnector spanMetrics,
      ServiceGraphConnector serviceGraph,
      TailSamplingStage sampling,
      boolean tenantLabel) {
    this.processors = processors;
    this.tenantLabel = tenantLabel;
    this.spanMetrics = spanMetrics;
    this.serviceGraph = serviceGraph;
    this.sampling = sampling;
  }

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
                clock);
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
              });
    }
    ProcessorChain<SpanBatch> processors = PipelineFactory.create(settings.beforeWal());
    processors.start();
    return new TraceProcessing(
        processors, spanMetrics, serviceGraph, sampling, multitenancy.enabled());
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
    if (serviceGraph != null) {
      serviceGraph.settingsChanged();
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
    if (spanMetrics != null) {
      connectors.add(spanMetrics);
    }
    if (serviceGraph != null) {
      connectors.add(serviceGraph);
    }
    if (connectors.isEmpty() && sampling == null) {
      return null;
    }
    return new ObservingStage<>(connectors, sampling);
  }

  void registerMetrics(PrometheusRegistry registry) {
    processors.registerMetrics(registry, "spans");
    if (spanMetrics != null) {
      spanMetrics.tenants().registerMetrics(registry, "tracemate_spanmetrics", "span metrics");
    }
    if (serviceGraph != null) {
      serviceGraph.registerMetrics(registry);
    }
    if (sampling != null) {
      sampling.registerMetrics(registry);
    }
  }

  /**
   * The series that describe tenants' spans (span metrics, the service graph, the samplers' counters), which
   * /metrics shows per request scope: labelled with the tenant and only the scope's tenants when multitenancy is on.
   */
  List<TenantMetrics> tenantMetrics() {
    List<TenantMetrics> out = new ArrayList<>();
    if (spanMetrics != null) {
      out.add(SpanMetricsCollector.of(spanMetrics, tenantLabel));
    }
    if (serviceGraph != null) {
      out.add(serviceGraph);
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
