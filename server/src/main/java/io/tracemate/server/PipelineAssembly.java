package io.tracemate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.pipeline.Pipeline;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.ProcessorStats;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.ProcessorConfig;
import io.tracemate.server.config.DurationDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the {@code pipeline.processors} config section into a started {@link Pipeline} and its metrics. */
final class PipelineAssembly {
  private PipelineAssembly() {}

  /**
   * @throws IllegalArgumentException naming the entry ({@code pipeline.processors[i]}) and what is wrong
   */
  static Pipeline build(List<Map<String, JsonNode>> entries) {
    ObjectMapper mapper = new ObjectMapper().registerModule(DurationDeserializer.module())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    List<NamedProcessorConfig> configs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Map<String, JsonNode> entry = entries.get(i);
      if (entry.size() != 1) {
        throw new IllegalArgumentException("pipeline.processors[" + i + "] must be one 'name: config' pair, got "
            + entry.keySet());
      }
      Map.Entry<String, JsonNode> only = entry.entrySet().iterator().next();
      String name = only.getKey();
      try {
        Class<? extends ProcessorConfig> type = PipelineFactory.configClass(name);
        JsonNode body = only.getValue() == null || only.getValue().isNull()
            ? mapper.createObjectNode() : only.getValue();
        configs.add(new NamedProcessorConfig(name, mapper.treeToValue(body, type)));
      } catch (IllegalArgumentException | JsonProcessingException e) {
        throw new IllegalArgumentException("pipeline.processors[" + i + "] '" + name + "': "
            + (e instanceof JsonMappingException m ? m.getOriginalMessage() : e.getMessage()), e);
      }
    }
    Pipeline pipeline = PipelineFactory.create(configs);
    pipeline.start();
    return pipeline;
  }

  /** Exposes each processor's span counts and its own counters on /metrics. */
  static void registerMetrics(Pipeline pipeline, PrometheusRegistry registry) {
    CounterWithCallback.builder().name("tracemate_processor_spans_in_total")
        .help("Spans a pipeline processor received").labelNames("processor")
        .callback(cb -> pipeline.stats().forEach(s -> cb.call(s.spansIn(), s.processor()))).register(registry);
    CounterWithCallback.builder().name("tracemate_processor_spans_out_total")
        .help("Spans a pipeline processor passed on").labelNames("processor")
        .callback(cb -> pipeline.stats().forEach(s -> cb.call(s.spansOut(), s.processor()))).register(registry);
    CounterWithCallback.builder().name("tracemate_processor_spans_dropped_total")
        .help("Spans a pipeline processor dropped").labelNames("processor")
        .callback(cb -> pipeline.stats().forEach(s -> cb.call(s.spansDropped(), s.processor()))).register(registry);
    CounterWithCallback.builder().name("tracemate_processor_events_total")
        .help("What each processor did, by its own counters (values redacted per pattern, attributes renamed...)")
        .labelNames("processor", "counter")
        .callback(cb -> {
          for (ProcessorStats stats : pipeline.stats()) {
            stats.counters().forEach((counter, value) -> cb.call(value, stats.processor(), counter));
          }
        }).register(registry);
  }
}
