package io.tracemate.pipeline.sampling;

import io.tracemate.model.TraceId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions of recently decided traces, one LRU set for kept and one for dropped trace IDs (sized
 * separately, as the collector's {@code decision_cache}). Sampler thread only.
 */
final class DecisionCache {
  private final Map<TraceId, Boolean> sampled;
  private final Map<TraceId, Boolean> notSampled;

  DecisionCache(int sampledSize, int notSampledSize) {
    this.sampled = lru(sampledSize);
    this.notSampled = lru(notSampledSize);
  }

  void put(TraceId traceId, boolean keep) {
    (keep ? sampled : notSampled).put(traceId, Boolean.TRUE);
  }

  /** TRUE for a kept trace, FALSE for a dropped one, null when unknown (never decided or forgotten). */
  Boolean get(TraceId traceId) {
    if (sampled.get(traceId) != null) {
      return Boolean.TRUE;
    }
    return notSampled.get(traceId) != null ? Boolean.FALSE : null;
  }

  private static Map<TraceId, Boolean> lru(int size) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<TraceId, Boolean> eldest) {
        return size() > size;
      }
    };
  }
}
