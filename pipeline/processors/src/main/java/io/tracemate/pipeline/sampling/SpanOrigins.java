package io.tracemate.pipeline.sampling;

import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import java.util.HashMap;
import java.util.Map;

/**
 * Canonical (resource, scope) pairs, so that buffered traces refer to one shared instance per service
 * instance and library instead of each WAL record's decoded copy; their bytes are never stored per span.
 * Bounded: past {@code maxEntries} distinct pairs the table starts over (instances already referenced by
 * buffered traces stay valid; only sharing with newer ones is lost). Sampler thread only.
 */
final class SpanOrigins {
  /** Where a run of spans came from; compared by value when interned, by identity afterwards. */
  record Origin(Resource resource, InstrumentationScope scope) {}

  private final int maxEntries;
  private final Map<Origin, Origin> canonical = new HashMap<>();
  // the spans of one batch share their decoded instances: remember the last pair to skip most hash
  // lookups
  private Resource lastResource;
  private InstrumentationScope lastScope;
  private Origin lastOrigin;

  SpanOrigins(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  Origin of(Resource resource, InstrumentationScope scope) {
    if (resource == lastResource && scope == lastScope) {
      return lastOrigin;
    }
    if (canonical.size() >= maxEntries) {
      canonical.clear();
    }
    Origin origin = canonical.computeIfAbsent(new Origin(resource, scope), o -> o);
    lastResource = resource;
    lastScope = scope;
    lastOrigin = origin;
    return origin;
  }
}
