package io.tracemate.server;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.Connector;
import io.tracemate.component.DurableStage;
import io.tracemate.component.ObservingStage;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.sampling.TailSamplingStage;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.server.config.TracemateConfig.PipelineSettings;
import io.tracemate.servicegraph.ServiceGraph;
import io.tracemate.servicegraph.ServiceGraphConfig;
import io.tracemate.spanmetrics.RedQuery;
import io.tracemate.spanmetrics.SpanMetricsAggregator;
import io.tracemate.spanmetrics.SpanMetricsCollector;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The span pipeline's components as the {@code pipeline} section declares them, built before any data is touched:
 * the processors in front of the write-ahead log, the connectors after it (span metrics and the service graph,
 * which see every span) and tail sampling (after them, before the store). Assembly only: every batch flows through
 * the component classes themselves.
 */
final class TraceProcessing {
  private final ProcessorChain<SpanBatch> processors;
  private final SpanMetricsAggregator spanMetrics; // null when off
  private final ServiceGraph serviceGraph; // null when off
  private final TailSamplingStage sampling; // null when not configured

  private TraceProcessing(
      ProcessorChain<SpanBatch> processors,
      SpanMetricsAggregator spanMetrics,
      ServiceGraph serviceGraph,
      TailSamplingStage sampling) {
    this.processors = processors;
    this.spanMetrics = spanMetrics;
    this.serviceGraph = serviceGraph;
    this.sampling = sampling;
  }

  /**
   * Builds and starts the components. The configuration loader has checked every block already; a config built
   * in code is checked here.
   *
   * @throws IllegalArgumentException naming the processor and the problem
   */
  static TraceProcessing build(PipelineSettings settings, Clock clock) {
    TailSamplingConfig samplingConfig = settings.tailSampling();
    TailSamplingStage sampling =
        samplingConfig == null ? null : TailSamplingStage.create(samplingConfig, System::nanoTime);
    SpanMetricsConfig spanMetricsConfig = settings.spanmetrics().config();
    SpanMetricsAggregator spanMetrics =
        spanMetricsConfig == null ? null : new SpanMetricsAggregator(spanMetricsConfig, clock);
    ServiceGraph serviceGraph = null;
    ServiceGraphConfig graphConfig = settings.servicegraph().config();
    if (graphConfig != null) {
      RedSeriesStore edges = new RedSeriesStore(RedSeriesConfig.defaults(), clock);
      serviceGraph =
          spanMetrics == null
              ? new ServiceGraph(graphConfig, edges, clock)
              : new ServiceGraph(graphConfig, edges, clock, RedQuery.of(spanMetrics)::service);
    }
    ProcessorChain<SpanBatch> processors = PipelineFactory.create(settings.beforeWal());
    processors.start();
    return new TraceProcessing(processors, spanMetrics, serviceGraph, sampling);
  }

  /** The processors that run before the WAL (none configured: an empty chain). */
  ProcessorChain<SpanBatch> processors() {
    return processors;
  }

  /** Null when span metrics are off. */
  SpanMetricsAggregator spanMetrics() {
    return spanMetrics;
  }

  /** Null when the service graph is off. */
  ServiceGraph serviceGraph() {
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
      SpanMetricsCollector.register(spanMetrics, registry);
    }
    if (serviceGraph != null) {
      serviceGraph.register(registry);
    }
    if (sampling != null) {
      sampling.registerMetrics(registry);
    }
  }

  void shutdown() {
    processors.shutdown();
  }
}
