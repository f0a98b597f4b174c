package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tracemate.common.units.HumanDuration;
import java.io.IOException;
import java.time.Duration;

/** Reads durations as operators write them ({@code 30s}, {@code 500ms}, {@code 1h30m}) into {@link Duration}. */
public final class DurationDeserializer extends JsonDeserializer<Duration> {

  /** A Jackson module registering this deserializer, for every mapper that reads configuration. */
  public static SimpleModule module() {
    return new SimpleModule("tracemate-units")
        .addDeserializer(Duration.class, new DurationDeserializer());
  }

  @Override
  public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
    try {
      return HumanDuration.parse(p.getValueAsString());
    } catch (IllegalArgumentException e) {
      throw JsonMappingException.from(p, e.getMessage(), e);
    }
  }
}
