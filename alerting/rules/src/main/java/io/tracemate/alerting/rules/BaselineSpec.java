package io.tracemate.alerting.rules;

import java.time.Duration;

/**
 * What a {@code baseline} rule learns (a Tracemate extension of Prometheus' rule groups): the season whose shape it
 * learns and how wide its band is.
 *
 * @param season {@link #WEEK} (the default: the same time of day and day of week) or {@link #DAY} (the same time of
 *     day)
 * @param band the band's half-width in standard deviations (default 3)
 */
public record BaselineSpec(Duration season, double band) {
  public static final Duration WEEK = Duration.ofDays(7);
  public static final Duration DAY = Duration.ofDays(1);
  public static final double DEFAULT_BAND = 3;
  public static final BaselineSpec DEFAULTS = new BaselineSpec(WEEK, DEFAULT_BAND);

  public BaselineSpec {
    season = season == null ? WEEK : season;
    if (!season.equals(WEEK) && !season.equals(DAY)) {
      throw new IllegalArgumentException("season must be 1w or 1d, got " + season);
    }
    if (!(band > 0) || Double.isInfinite(band)) {
      throw new IllegalArgumentException("band must be a positive number, got " + band);
    }
  }
}
