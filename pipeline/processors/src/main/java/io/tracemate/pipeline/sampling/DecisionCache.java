package io.tracemate.pipeline.sampling;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions of recently decided traces, one LRU set for kept and one for dropped traces (sized
 * separately, as the collector's {@code decision_cache}). Sampler thread only.
 */
final class DecisionCache {
  private final Lru sampled;
  private final Lru notSampled;

  DecisionCache(int sampledSize, int notSampledSize) {
    this.sampled = new Lru(sampledSize);
    this.notSampled = new Lru(notSampledSize);
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

  /** New sizes from now on (a changed configuration); the least recently used beyond them are forgotten now. */
  void resize(int sampledSize, int notSampledSize) {
    sampled.resize(sampledSize);
    notSampled.resize(notSampledSize);
  }

  private static final class Lru extends LinkedHashMap<TailSampler.TraceKey, Boolean> {
    private int maxSize;

    Lru(int maxSize) {
      super(16, 0.75f, true);
      this.maxSize = maxSize;
    }

    void resize(int newSize) {
      maxSize = newSize;
      Iterator<TailSampler.TraceKey> eldestFirst = keySet().iterator();
      while (size() > maxSize && eldestFirst.hasNext()) {
        eldestFirst.next();
        eldestFirst.remove();
      }
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<TailSampler.TraceKey, Boolean> eldest) {
      return size() > maxSize;
    }
  }
}
