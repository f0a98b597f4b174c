package io.tracemate.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;

/**
 * A component block that is on by default and may be switched off: absent means the defaults, {@code false}
 * means off, {@code true} or an empty key the defaults, and a block that block (the Collector's own keys, bound to
 * the component's config record).
 *
 * @param config the component's configuration, or null when switched off
 * @param given whether the file had the key at all (defaults a caller may refine, such as the demo's SLOs, leave
 *     a configured block alone)
 */
@JsonDeserialize(using = Toggled.Deserializer.class)
public record Toggled<T>(T config, boolean given) {

  /** On, with {@code config}, as the defaults of a key the file does not have. */
  public static <T> Toggled<T> byDefault(T config) {
    return new Toggled<>(config, false);
  }

  /** On, with {@code config}, as written in the file. */
  public static <T> Toggled<T> on(T config) {
    return new Toggled<>(config, true);
  }

  public static <T> Toggled<T> off() {
    return new Toggled<>(null, true);
  }

  public boolean enabled() {
    return config != null;
  }

  /** Reads {@code false}, {@code true}, null or the block of the record type the property declares. */
  static final class Deserializer extends JsonDeserializer<Toggled<?>>
      implements ContextualDeserializer {
    private final JavaType type;

    Deserializer() {
      this(null);
    }

    private Deserializer(JavaType type) {
      this.type = type;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, BeanProperty property) {
      JavaType declared = property != null ? property.getType() : ctxt.getContextualType();
      return new Deserializer(declared.containedTypeOrUnknown(0));
    }

    @Override
    public Toggled<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_FALSE) {
        return off();
      }
      if (token == JsonToken.VALUE_TRUE) {
        return on(defaults(ctxt));
      }
      if (token != JsonToken.START_OBJECT) {
        throw JsonMappingException.from(
            p, "expected a block of keys, true (the defaults) or false (off)");
      }
      return on(ctxt.readValue(p, type));
    }

    /** A key the file does not have: null, which the owning record turns into {@link #byDefault}. */
    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return null;
    }

    /** A key written without a value ({@code servicegraph:}): the defaults, as given. */
    @Override
    public Toggled<?> getNullValue(DeserializationContext ctxt) throws JsonMappingException {
      try {
        return on(defaults(ctxt));
      } catch (IOException e) {
        throw JsonMappingException.from(ctxt, e.getMessage(), e);
      }
    }

    private Object defaults(DeserializationContext ctxt) throws IOException {
      return ctxt.readTreeAsValue(JsonNodeFactory.instance.objectNode(), type);
    }
  }
}
