package io.tracemate.promql.engine;

import io.tracemate.querysupport.ParseLimits;
import io.tracemate.querysupport.SettingChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Execution settings and per-query limits of {@link PromQLEngine}, named after Prometheus' flags where it has one.
 *
 * @param lookbackDelta       how far back an instant selector looks for a series' latest sample
 *                            ({@code --query.lookback-delta}), default 5m
 * @param maxSamples          most samples one query may hold in memory at once ({@code --query.max-samples}),
 *                            default 50,000,000
 * @param maxSeries           most series one query may read from the source, summed over its selectors, default
 *                            100,000 (Prometheus has no such flag; Mimir and Thanos do)
 * @param timeout             wall-clock time a query may take ({@code --query.timeout}), default 2m
 * @param maxPointsPerSeries  most steps of a range query (Prometheus' API refuses more than 11,000)
 * @param defaultSubqueryStep resolution of a subquery written without one ({@code [1h:]}), default 1m (Prometheus
 *                            uses the global evaluation interval, 1m by default)
 * @param parseLimits         longest and deepest query text
 */
public record EngineSettings(
    Duration lookbackDelta,
    long maxSamples,
    int maxSeries,
    Duration timeout,
    int maxPointsPerSeries,
    Duration defaultSubqueryStep,
    ParseLimits parseLimits) {

  public EngineSettings {
    SettingChecks.positive("lookbackDelta", lookbackDelta);
    SettingChecks.positive("maxSamples", maxSamples);
    SettingChecks.positive("maxSeries", maxSeries);
    SettingChecks.positive("timeout", timeout);
    SettingChecks.positive("maxPointsPerSeries", maxPointsPerSeries);
    SettingChecks.positive("defaultSubqueryStep", defaultSubqueryStep);
    Objects.requireNonNull(parseLimits, "parseLimits");
    if (lookbackDelta.toMillis() < 1 || defaultSubqueryStep.toMillis() < 1) {
      throw new IllegalArgumentException(
          "lookbackDelta and defaultSubqueryStep must be at least 1ms");
    }
  }

  /** Prometheus' defaults: 5m lookback, 50M samples, 100k series, 2m timeout, 11,000 points, 1m subquery step. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        Duration.ofMinutes(5),
        50_000_000L,
        100_000,
        Duration.ofMinutes(2),
        11_000,
        Duration.ofMinutes(1),
        ParseLimits.DEFAULTS);
  }

  /** The same settings with other sample and series limits. */
  public EngineSettings withLimits(long maxSamples, int maxSeries) {
    return new EngineSettings(
        lookbackDelta,
        maxSamples,
        maxSeries,
        timeout,
        maxPointsPerSeries,
        defaultSubqueryStep,
        parseLimits);
  }

  /** The same settings with another timeout. */
  public EngineSettings withTimeout(Duration timeout) {
    return new EngineSettings(
        lookbackDelta,
        maxSamples,
        maxSeries,
        timeout,
        maxPointsPerSeries,
        defaultSubqueryStep,
        parseLimits);
  }
}
