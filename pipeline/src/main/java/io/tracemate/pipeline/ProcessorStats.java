package io.tracemate.pipeline;

import java.util.Map;

/**
 * What one processor did since start: spans received, spans passed on and spans dropped (received minus
 * passed on, per batch, never negative), plus the processor's own {@link SpanProcessor#counters()}.
 */
public record ProcessorStats(
    String processor, long spansIn, long spansOut, long spansDropped, Map<String, Long> counters) {

  public ProcessorStats {
    counters = Map.copyOf(counters);
  }
}
