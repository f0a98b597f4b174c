package io.tracemate.spanmetrics.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Tracemate's own block {@code red_series}: resolution and retention of the internal time series that feed the
 * topology, the UI and alerting. Durations as "15s", "1h"; every field optional.
 *
 * @param resolution default 15s
 * @param recentRetention default 1h
 * @param rollupResolution default 5m
 * @param retention default 24h
 * @param maxSeries default 4000; beyond it observations go to one overflow series
 */
public record RedStoreConfig(
    @JsonProperty("resolution") String resolution,
    @JsonProperty("recent_retention") String recentRetention,
    @JsonProperty("rollup_resolution") String rollupResolution,
    @JsonProperty("retention") String retention,
    @JsonProperty("max_series") Integer maxSeries) {}
