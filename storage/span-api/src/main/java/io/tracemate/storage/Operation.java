package io.tracemate.storage;

import io.tracemate.model.SpanKind;
import java.util.Comparator;

/** A span name as one service uses it, with the kind of span it names. */
public record Operation(String name, SpanKind spanKind) {
  /** The order {@link TraceReader#operations} returns them in: by name, then by kind. */
  public static final Comparator<Operation> BY_NAME_THEN_KIND =
      Comparator.comparing(Operation::name).thenComparing(Operation::spanKind);
}
