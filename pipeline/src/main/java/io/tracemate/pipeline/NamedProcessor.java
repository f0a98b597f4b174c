package io.tracemate.pipeline;

/** A processor with its configured name (collector style: {@code type} or {@code type/suffix}). */
public record NamedProcessor(String name, SpanProcessor processor) {

  public NamedProcessor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("processor name must not be blank");
    }
    if (processor == null) {
      throw new IllegalArgumentException("processor '" + name + "' is null");
    }
  }
}
