package io.tracemate.component;

import java.util.Map;

/**
 * A synchronous step in front of the durable queue, in the OpenTelemetry Collector's style (attributes, redaction,
 * semantic alignment): it takes a batch and returns the batch for the next step.
 *
 * <p>Contract: a processor never changes the batch it is given (batches are immutable). It returns the same
 * instance when nothing changed, which costs nothing and keeps the receiver's stored form of spans valid, or a new
 * batch. Returning fewer items drops them; the {@link ProcessorChain} counts that. Implementations are thread-safe:
 * receivers run the chain on several event-loop threads at once.
 */
public interface Processor<B extends Batch> extends Lifecycle {

  B process(B batch);

  /**
   * Monotonic counters beyond items in, out and dropped, e.g. values redacted per pattern. The key set is fixed at
   * construction, so exporting them cannot grow metric cardinality.
   */
  default Map<String, Long> counters() {
    return Map.of();
  }
}
