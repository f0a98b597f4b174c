package io.tracemate.model;

import java.util.List;

/** The library that recorded the spans (OTLP InstrumentationScope). Empty strings mean "not set". */
public record InstrumentationScope(
    String name, String version, List<Attribute> attributes, int droppedAttributesCount) {

  public static final InstrumentationScope EMPTY = new InstrumentationScope("", "", List.of(), 0);

  public InstrumentationScope {
    name = name == null ? "" : name;
    version = version == null ? "" : version;
    attributes = List.copyOf(attributes);
  }
}
