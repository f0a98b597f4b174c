package io.tracemate.alerting.notify.silence;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * @param retention how long an expired silence is kept (listed as expired) before it is dropped (default 120h,
 *     Alertmanager's {@code --data.retention})
 * @param maxPerTenant most pending and active silences one tenant may have (default 1000); more are refused
 */
public record SilenceSettings(
    @JsonProperty("retention") Duration retention,
    @JsonProperty("max_per_tenant") Integer maxPerTenant) {
  public static final SilenceSettings DEFAULTS = new SilenceSettings(null, null);

  public SilenceSettings {
    retention = retention == null ? Duration.ofHours(120) : retention;
    if (retention.isNegative()) {
      throw new IllegalArgumentException(
          "alerting.silences.retention must not be negative, got " + retention);
    }
    maxPerTenant = maxPerTenant == null ? 1000 : maxPerTenant;
    if (maxPerTenant < 1) {
      throw new IllegalArgumentException(
          "alerting.silences.max_per_tenant must be at least 1, got " + maxPerTenant);
    }
  }
}
