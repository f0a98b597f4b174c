package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.querysupport.ParseLimits;
import java.time.Duration;

/**
 * {@code query.promql}: the limits of the Prometheus query API and Jaeger's SPM, named after Prometheus' flags.
 *
 * @param timeout longest a query may run ({@code --query.timeout}); a request's {@code timeout} can only shorten it
 * @param lookbackDelta how far back an instant selector looks for a sample ({@code --query.lookback-delta})
 * @param maxSamples most samples one query may hold at once ({@code --query.max-samples})
 * @param maxSeries most series one query may read
 * @param maxPointsPerSeries most steps of a range query (Prometheus refuses more than 11,000)
 * @param maxQuerySize longest query text; longer ones get 400 before they are parsed
 * @param maxQueryDepth deepest nesting of a query; deeper ones get 400 before the parser could overflow a stack
 */
public record PromQLSettings(
    @JsonProperty("timeout") Duration timeout,
    @JsonProperty("lookback-delta") Duration lookbackDelta,
    @JsonProperty("max-samples") Long maxSamples,
    @JsonProperty("max-series") Integer maxSeries,
    @JsonProperty("max-points-per-series") Integer maxPointsPerSeries,
    @JsonProperty("max-query-size") @JsonDeserialize(using = ByteSizeDeserializer.class)
        Long maxQuerySize,
    @JsonProperty("max-query-depth") Integer maxQueryDepth) {
  public static final PromQLSettings DEFAULTS =
      new PromQLSettings(null, null, null, null, null, null, null);

  public PromQLSettings {
    EngineSettings defaults = EngineSettings.defaults();
    timeout = ConfigChecks.positive(timeout, defaults.timeout(), "query.promql.timeout");
    lookbackDelta =
        ConfigChecks.positive(
            lookbackDelta, defaults.lookbackDelta(), "query.promql.lookback-delta");
    if (maxSamples == null) {
      maxSamples = defaults.maxSamples();
    } else if (maxSamples < 1) {
      throw new IllegalArgumentException(
          "query.promql.max-samples must be at least 1, got " + maxSamples);
    }
    maxSeries = ConfigChecks.atLeast(maxSeries, defaults.maxSeries(), 1, "query.promql.max-series");
    maxPointsPerSeries =
        ConfigChecks.atLeast(
            maxPointsPerSeries,
            defaults.maxPointsPerSeries(),
            1,
            "query.promql.max-points-per-series");
    maxQuerySize =
        ConfigChecks.bytesBetween(
            maxQuerySize,
            ParseLimits.DEFAULTS.maxBytes(),
            1L << 10,
            64L << 20,
            "query.promql.max-query-size");
    maxQueryDepth =
        ConfigChecks.atLeast(
            maxQueryDepth, ParseLimits.DEFAULTS.maxDepth(), 8, "query.promql.max-query-depth");
    if (maxQueryDepth > 1024) {
      throw new IllegalArgumentException(
          "query.promql.max-query-depth must be at most 1024 (deeper recursion could overflow a "
              + "thread stack), got "
              + maxQueryDepth);
    }
  }

  /** The engine's settings. */
  public EngineSettings engineSettings() {
    return new EngineSettings(
        lookbackDelta,
        maxSamples,
        maxSeries,
        timeout,
        maxPointsPerSeries,
        EngineSettings.defaults().defaultSubqueryStep(),
        new ParseLimits(Math.toIntExact(maxQuerySize), maxQueryDepth));
  }
}
