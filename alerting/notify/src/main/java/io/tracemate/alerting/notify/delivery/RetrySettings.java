package io.tracemate.alerting.notify.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * How a failed notification is retried, with the OpenTelemetry Collector's {@code retry_on_failure} keys: waits
 * start at {@code initial_interval} and double up to {@code max_interval}; after {@code max_elapsed_time} since
 * the first attempt the notification is given up (counted as {@code failure}). Permanent failures (a 4xx, a robot
 * refusing the message) are never retried.
 */
public record RetrySettings(
    @JsonProperty("initial_interval") Duration initialInterval,
    @JsonProperty("max_interval") Duration maxInterval,
    @JsonProperty("max_elapsed_time") Duration maxElapsedTime) {
  public static final RetrySettings DEFAULTS = new RetrySettings(null, null, null);

  public RetrySettings {
    initialInterval = positive(initialInterval, Duration.ofSeconds(1), "initial_interval");
    maxInterval = positive(maxInterval, Duration.ofSeconds(30), "max_interval");
    maxElapsedTime = positive(maxElapsedTime, Duration.ofMinutes(5), "max_elapsed_time");
    if (maxInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException(
          "alerting.retry.max_interval must not be less than initial_interval");
    }
  }

  private static Duration positive(Duration value, Duration fallback, String key) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "alerting.retry." + key + " must be positive, got " + value);
    }
    return value;
  }
}
