package io.tracemate.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.component.ProcessorChain;
import io.tracemate.component.SpanBatch;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.ProcessorConfig;
import io.tracemate.server.config.DurationDeserializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns the {@code pipeline.processors} config section into a started {@link ProcessorChain}. */
final class PipelineAssembly {
  private PipelineAssembly() {}

  /**
   * @throws IllegalArgumentException naming the entry ({@code pipeline.processors[i]}) and what is wrong
   */
  static ProcessorChain<SpanBatch> build(List<Map<String, JsonNode>> entries) {
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
    ProcessorChain<SpanBatch> chain = PipelineFactory.create(configs);
    chain.start();
    return chain;
  }
}
