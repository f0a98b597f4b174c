package io.tracemate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.Connector;
import io.tracemate.component.DurableStage;
import io.tracemate.component.ObservingStage;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.pipeline.sampling.TailSamplingStage;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.red.RedSeriesConfig;
import io.tracemate.red.RedSeriesStore;
import io.tracemate.server.config.DurationDeserializer;
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
import java.util.Map;

/**
 * Everything the {@code pipeline} section configures, built and validated before any data is touched: the
 * processors that run before the WAL, span metrics and the service graph (which see every span after the WAL),
 * and tail sampling (after them, before the store).
 */
final class TraceProcessing {
  static final String TAIL_SAMPLING = "tail_sampling";

  private final ProcessorChain<SpanBatch> processors;
  private final SpanMetricsAggregator spanMetrics; // null when off
  private final ServiceGraph serviceGraph; // null when off
  private final TailSamplingStage sampling; // null when not configured

  private TraceProcessing(ProcessorChain<SpanBatch> processors, SpanMetricsAggregator spanMetrics, ServiceGraph serviceGraph,
      TailSamplingStage sampling) {
    this.processors = processors;
    this.spanMetrics = spanMetrics;
    this.serviceGraph = serviceGraph;
    this.sampling = sampling;
  }

  /** @throws IllegalArgumentException naming the config path ({@code pipeline.processors[2]...}) and the problem */
  static TraceProcessing build(PipelineSettings settings, Clock clock) {
    ObjectMapper mapper = new ObjectMapper().registerModule(DurationDeserializer.module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    List<Map<String, JsonNode>> entries = new ArrayList<>(settings.processors());
    TailSamplingStage sampling = null;
    for (int i = 0; i < entries.size(); i++) {
      Map<String, JsonNode> entry = entries.get(i);
      if (entry.size() == 1 && isTailSampling(entry.keySet().iterator().next())) {
        if (i != entries.size() - 1) {
          throw new IllegalArgumentException("pipeline.processors[" + i + "] '" + TAIL_SAMPLING + "' must be the"
              + " last processor: it runs after the write-ahead log, on what the other processors produced");
        }
        TailSamplingConfig config = read(mapper, entry.values().iterator().next(), TailSamplingConfig.class,
            "pipeline.processors[" + i + "] '" + TAIL_SAMPLING + "'");
        try {
          sampling = TailSamplingStage.create(config, System::nanoTime);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("pipeline.processors[" + i + "] '" + TAIL_SAMPLING + "': "
              + e.getMessage(), e);
        }
        entries.remove(i);
      }
    }
    SpanMetricsAggregator spanMetrics = null;
    if (enabled(settings.spanmetrics())) {
      spanMetrics = new SpanMetricsAggregator(
          read(mapper, settings.spanmetrics(), SpanMetricsConfig.class, "pipeline.spanmetrics"), clock);
    }
    ServiceGraph serviceGraph = null;
    if (enabled(settings.servicegraph())) {
      ServiceGraphConfig config = read(mapper, settings.servicegraph(), ServiceGraphConfig.class,
          "pipeline.servicegraph");
      RedSeriesStore edges = new RedSeriesStore(RedSeriesConfig.defaults(), clock);
      RedQuery nodeRed = spanMetrics == null ? null : RedQuery.of(spanMetrics);
      serviceGraph = nodeRed == null ? new ServiceGraph(config, edges, clock)
          : new ServiceGraph(config, edges, clock, nodeRed::service);
    }
    ProcessorChain<SpanBatch> processors = PipelineAssembly.build(entries);
    return new TraceProcessing(processors, spanMetrics, serviceGraph, sampling);
  }

  private static boolean isTailSampling(String name) {
    return name.equals(TAIL_SAMPLING) || name.startsWith(TAIL_SAMPLING + "/");
  }

  private static boolean enabled(JsonNode section) {
    return section == null || section.isNull() || !(section.isBoolean() && !section.asBoolean());
  }

  private static <T> T read(ObjectMapper mapper, JsonNode body, Class<T> type, String path) {
    JsonNode config = body == null || body.isNull() || body.isBoolean() ? mapper.createObjectNode() : body;
    try {
      return mapper.treeToValue(config, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String message = e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage();
      if (e.getCause() instanceof IllegalArgumentException cause && cause.getMessage() != null) {
        message = cause.getMessage();
      }
      throw new IllegalArgumentException(path + ": " + message, e);
    }
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
