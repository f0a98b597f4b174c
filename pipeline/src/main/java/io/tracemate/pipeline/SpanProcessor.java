package io.tracemate.pipeline;

import io.tracemate.model.Span;
import java.util.List;
import java.util.Map;

/**
 * One step of the pipeline, in the OpenTelemetry Collector's style: it takes a batch of spans and returns the
 * batch to hand to the next step.
 *
 * <p>Contract: a processor never mutates the list it is given (spans are immutable records anyway). It returns
 * either the same list instance, when nothing changed, or a new list in which changed spans are new records.
 * Returning fewer spans drops them; the {@link Pipeline} counts that. Implementations must be thread-safe:
 * receivers call the pipeline from several event-loop threads at once.
 */
public interface SpanProcessor {

  List<Span> process(List<Span> batch);

  /** Called once before the first batch; optional. */
  default void start() {}

  /** Called once after the last batch; optional. */
  default void shutdown() {}

  /**
   * Monotonic counters beyond spans in/out/dropped, e.g. values redacted per pattern. The key set is fixed at
   * construction, so exporting them cannot grow metric cardinality.
   */
  default Map<String, Long> counters() {
    return Map.of();
  }
}
