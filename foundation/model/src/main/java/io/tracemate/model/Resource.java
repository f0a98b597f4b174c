package io.tracemate.model;

import java.util.List;

/** The entity that produced spans (a service instance); shared by all spans of one OTLP ResourceSpans. */
public record Resource(List<Attribute> attributes, int droppedAttributesCount) {

  /** Jaeger's name for spans whose resource has no service.name. */
  public static final String UNKNOWN_SERVICE = "OTLPResourceNoServiceName";

  public static final Resource EMPTY = new Resource(List.of(), 0);

  public Resource {
    attributes = List.copyOf(attributes);
  }

  /** The service.name attribute, or {@link #UNKNOWN_SERVICE} when there is none. */
  public String serviceName() {
    AttributeValue name = Attribute.find(attributes, "service.name");
    return name == null ? UNKNOWN_SERVICE : name.asText();
  }
}
