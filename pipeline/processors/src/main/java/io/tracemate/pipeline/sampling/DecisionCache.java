package io.tracemate.pipeline.sampling;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions of recently decided traces, one LRU set for kept and one for dropped traces (sized
 * separately, as the collector's {@code decision_cache}). Sampler thread only.
 */
final class DecisionCache {
  private final Map<TailSampler.TraceKey, Boolean> sampled;
  private final Map<TailSampler.TraceKey, Boolean> notSampled;

  DecisionCache(int sampledSize, int notSampledSize) {
    this.sampled = lru(sampledSize);
    this.notSampled = lru(notSampledSize);
  }

  void put(TailSampler.TraceKey trace, boolean keep) {
    (keep ? sampled : notSampled).put(trace, Boolean.TRUE);
  }

  /** TRUE for a kept trace, FALSE for a dropped one, null when unknown (never decided or forgotten). */
  Boolean get(TailSampler.TraceKey trace) {
    if (sampled.get(trace) != null) {
      return Boolean.TRUE;
    }
    return notSampled.get(trace) != null ? Boolean.FALSE : null;
  }

  private static Map<TailSampler.TraceKey, Boolean> lru(int size) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<TailSampler.TraceKey, Boolean> eldest) {
        return size() > size;
      }
    };
  }
}
