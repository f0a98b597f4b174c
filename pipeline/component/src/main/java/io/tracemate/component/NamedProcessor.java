package io.tracemate.component;

import java.util.Objects;

/** A processor with its configured name (the Collector's {@code type} or {@code type/suffix}). */
public record NamedProcessor<B extends Batch>(String name, Processor<B> processor) {

  public NamedProcessor {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("processor name must not be blank");
    }
    Objects.requireNonNull(processor, () -> "processor '" + name + "' is null");
  }
}
