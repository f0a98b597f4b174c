package io.tracemate.pipeline.sampling.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many decided trace IDs are remembered, so that spans arriving after the decision follow it instead of
 * starting a new trace. Keys as in the collector. Deviation: a size of 0 (the collector's default, which
 * there disables the cache) means "as many as {@code num_traces}" here, because the collector also keeps a
 * decided trace in memory until {@code num_traces} newer traces push it out, and late spans follow its
 * decision meanwhile; we keep only the decision (a few dozen bytes), not the spans.
 */
public record DecisionCacheConfig(
    @JsonProperty("sampled_cache_size") Integer sampledCacheSize,
    @JsonProperty("non_sampled_cache_size") Integer nonSampledCacheSize) {

  public DecisionCacheConfig {
    sampledCacheSize = sampledCacheSize == null ? 0 : sampledCacheSize;
    nonSampledCacheSize = nonSampledCacheSize == null ? 0 : nonSampledCacheSize;
  }
}
