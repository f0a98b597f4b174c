package io.tracemate.component;

import java.util.Map;

/**
 * What one processor did since start: items received, passed on and dropped (received minus passed on, per batch,
 * never negative), plus the processor's own {@link Processor#counters()}.
 */
public record ProcessorStats(
    String processor, long itemsIn, long itemsOut, long itemsDropped, Map<String, Long> counters) {

  public ProcessorStats {
    counters = Map.copyOf(counters);
  }
}
