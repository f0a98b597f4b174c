package io.tracemate.storage;

import java.time.Instant;
import java.util.List;

/** Service-to-service call counts, derived from parent/child spans that belong to different services. */
public interface DependencyReader {

  /**
   * Links between services for spans that started in {@code [start, end)}; one entry per (parent, child)
   * pair, sorted by parent then child.
   */
  List<DependencyLink> dependencies(Instant start, Instant end);
}
