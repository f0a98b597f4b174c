package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.config.ProcessorConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code pipeline.processors}: a list of single-key entries, {@code - <type>[/<suffix>]: <block>}, each block
 * bound to its processor's config record (the Collector's keys, so a collector block pastes as is) and checked at
 * once as the processor would check it ({@link PipelineFactory#validate}), so a bad block fails at load with its
 * file, key path ({@code pipeline.processors[2].attributes/http}) and line, before anything starts. Tail sampling,
 * the stage after the write-ahead log, may only be the last entry.
 */
final class ProcessorsDeserializer extends JsonDeserializer<List<NamedProcessorConfig>> {

  @Override
  public List<NamedProcessorConfig> deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw JsonMappingException.from(
          p,
          "expected a list of processors, each one `name: config` pair, e.g."
              + " `- redaction: {}`");
    }
    List<NamedProcessorConfig> processors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int tailSampling = -1;
    JsonLocation tailSamplingAt = null;
    for (int index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
      if (tailSampling >= 0) {
        JsonMappingException misplaced =
            new JsonMappingException(
                p,
                "'"
                    + PipelineFactory.TAIL_SAMPLING
                    + "' must be the last processor: it runs after the write-ahead log, on what the other processors"
                    + " produced",
                tailSamplingAt);
        throw JsonMappingException.wrapWithPath(
            JsonMappingException.wrapWithPath(
                misplaced, (Object) null, processors.get(tailSampling).name()),
            processors,
            tailSampling);
      }
      JsonLocation at = p.currentTokenLocation();
      NamedProcessorConfig entry;
      try {
        entry = entry(p, ctxt, names);
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, processors, index);
      }
      if (PipelineFactory.isTailSampling(entry.name())) {
        tailSampling = index;
        tailSamplingAt = at;
      }
      processors.add(entry);
    }
    return List.copyOf(processors);
  }

  /** One {@code name: config} entry, the parser on its START_OBJECT; checked as the span pipeline checks it. */
  static NamedProcessorConfig entry(JsonParser p, DeserializationContext ctxt, Set<String> names)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw JsonMappingException.from(
          p, "each processor is one `name: config` pair, e.g. `- redaction: {}`");
    }
    String name = p.nextFieldName();
    if (name == null) {
      throw JsonMappingException.from(
          p, "an empty entry: each processor is one `name: config` pair");
    }
    JsonLocation start = p.currentTokenLocation();
    try {
      Class<? extends ProcessorConfig> type;
      try {
        type = PipelineFactory.configClass(name);
      } catch (IllegalArgumentException e) {
        throw new JsonMappingException(p, e.getMessage(), start);
      }
      ProcessorConfig config =
          p.nextToken() == JsonToken.VALUE_NULL
              ? ctxt.readTreeAsValue(JsonNodeFactory.instance.objectNode(), type)
              : ctxt.readValue(p, type);
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw JsonMappingException.from(
            p,
            "an entry holds one processor: write '"
                + p.currentName()
                + "' as an entry of its own (`- "
                + p.currentName()
                + ": ...`)");
      }
      if (!names.add(name)) {
        throw new JsonMappingException(
            p, "the name is used twice; give one of them a suffix, e.g. " + name + "/2", start);
      }
      NamedProcessorConfig named = new NamedProcessorConfig(name, config);
      try {
        PipelineFactory.validate(named);
      } catch (PipelineConfigException e) {
        throw new JsonMappingException(p, String.join("; ", e.problems()), start);
      }
      return named;
    } catch (JsonMappingException e) {
      throw JsonMappingException.wrapWithPath(e, (Object) null, name);
    }
  }
}
