package io.tracemate.server.overrides;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.tracemate.pipeline.PipelineFactory;
import io.tracemate.pipeline.config.NamedProcessorConfig;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.io.IOException;

/**
 * Reads a tenant's {@code tail_sampling} block of the runtime overrides file into the pipeline's own record and
 * checks it as the pipeline's block is checked at start ({@link PipelineFactory#validate}), so a bad policy refuses
 * the file with its key path ({@code overrides.<tenant>.tail_sampling}), its line and every problem under it.
 */
final class TailSamplingBlock extends JsonDeserializer<TailSamplingConfig> {
  @Override
  public TailSamplingConfig deserialize(JsonParser p, DeserializationContext ctxt)
      throws IOException {
    JsonLocation start = p.currentTokenLocation();
    TailSamplingConfig config = ctxt.readValue(p, TailSamplingConfig.class);
    try {
      PipelineFactory.validate(new NamedProcessorConfig(PipelineFactory.TAIL_SAMPLING, config));
    } catch (PipelineConfigException e) {
      throw new JsonMappingException(p, String.join("; ", e.problems()), start);
    }
    return config;
  }
}
