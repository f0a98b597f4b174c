package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code pipeline.logs.processors}: each entry the name of a {@code pipeline.processors} entry (the
 * Collector's way of listing a processor in a pipeline; resolved by {@link LogPipelineSettings#resolve}) or a
 * {@code name: config} block read as {@link ProcessorsDeserializer} reads one, with its file, key path and line on
 * error.
 */
final class LogProcessorsDeserializer extends JsonDeserializer<List<NamedProcessorConfig>> {

  @Override
  public List<NamedProcessorConfig> deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw JsonMappingException.from(
          p,
          "expected a list of processors, each the name of a pipeline.processors entry or one"
              + " `name: config` pair, e.g. `[redaction]`");
    }
    List<NamedProcessorConfig> processors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int index = 0; p.nextToken() != JsonToken.END_ARRAY; index++) {
      try {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
          String name = p.getText();
          if (!names.add(name)) {
            throw JsonMappingException.from(p, "'" + name + "' is listed twice");
          }
          processors.add(new NamedProcessorConfig(name, null));
        } else {
          processors.add(ProcessorsDeserializer.entry(p, ctxt, names));
        }
      } catch (JsonMappingException e) {
        throw JsonMappingException.wrapWithPath(e, processors, index);
      }
    }
    return List.copyOf(processors);
  }
}
