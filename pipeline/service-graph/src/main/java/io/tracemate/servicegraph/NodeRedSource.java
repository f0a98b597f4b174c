package io.tracemate.servicegraph;

import io.tracemate.red.RedSummary;
import java.time.Instant;

/**
 * A service's own RED over a window, measured on its SERVER and CONSUMER spans (e.g. by span metrics), so that
 * entry services and services called by uninstrumented clients have RED too. Implementations must be
 * thread-safe (topology queries come from HTTP threads).
 */
@FunctionalInterface
public interface NodeRedSource {

  /** The service's RED in [start, end), or null (or zero calls) to fall back to its incoming edges. */
  RedSummary nodeRed(String service, Instant start, Instant end);
}
