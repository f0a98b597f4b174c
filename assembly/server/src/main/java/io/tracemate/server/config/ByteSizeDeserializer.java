package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.tracemate.common.units.ByteSizes;
import java.io.IOException;

/** Lets size keys be written as {@code 64MiB} as well as a plain byte count ({@link ByteSizes#parseBinary}). */
public final class ByteSizeDeserializer extends JsonDeserializer<Long> {
  @Override
  public Long deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    try {
      return ByteSizes.parseBinary(p.getValueAsString());
    } catch (IllegalArgumentException e) {
      throw JsonMappingException.from(p, e.getMessage(), e);
    }
  }
}
