package io.tracemate.spanmetrics.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One extra dimension, as in the collector: the attribute {@code name} is looked up on the span, then on its
 * resource; when absent, {@code default} is used, and without a default the label is left out of the series.
 */
public record DimensionConfig(
    @JsonProperty("name") String name, @JsonProperty("default") String defaultValue) {

  public static DimensionConfig of(String name) {
    return new DimensionConfig(name, null);
  }
}
