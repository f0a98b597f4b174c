package io.tracemate.alerting.notify.contact;

import java.time.Duration;

/** Defaults every contact point shares. */
final class ContactDefaults {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Alerts a chat message shows before it says how many more there are. */
  static final int CHAT_MAX_ALERTS = 20;

  private ContactDefaults() {}

  static Duration timeout(Duration timeout, String key) {
    if (timeout == null) {
      return TIMEOUT;
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + timeout);
    }
    return timeout;
  }

  static int maxAlerts(Integer maxAlerts) {
    return maxAlerts == null ? CHAT_MAX_ALERTS : maxAlerts;
  }
}
