package io.tracemate.server.config;

import io.tracemate.common.units.HumanDuration;
import java.time.Duration;

/**
 * Validation shared by the config records. It lives outside {@link TracemateConfig} on purpose: if the nested
 * records called back into their outer class while it initialises its DEFAULTS, one of them would see null.
 */
final class ConfigChecks {
  private ConfigChecks() {}

  static int port(Integer value, int defaultValue, String key) {
    int port = value == null ? defaultValue : value;
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          key + " must be a port number (0 picks a free one), got " + port);
    }
    return port;
  }

  static Duration positive(Duration value, Duration defaultValue, String key) {
    Duration d = value == null ? defaultValue : value;
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + HumanDuration.format(d));
    }
    return d;
  }

  static int atLeast(Integer value, int defaultValue, int min, String key) {
    int v = value == null ? defaultValue : value;
    if (v < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  static long bytesBetween(Long value, long defaultValue, long min, long max, String key) {
    long bytes = value == null ? defaultValue : value;
    if (bytes < min || bytes > max) {
      throw new IllegalArgumentException(
          key + " must be between " + min + " and " + max + " bytes, got " + bytes);
    }
    return bytes;
  }
}
