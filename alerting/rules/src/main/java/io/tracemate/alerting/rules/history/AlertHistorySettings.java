package io.tracemate.alerting.rules.history;

import java.time.Duration;
import java.util.Objects;

/**
 * How much alert history is kept per tenant: entries younger than {@code retention}, and at most about {@code
 * maxEntries} of them (the oldest go first).
 *
 * @param retention how long a transition is kept (default 7 days)
 * @param maxEntries most transitions kept per tenant (default 20,000); what is dropped is whole segments of a tenth
 *     of it, so between nine tenths and all of it stays
 */
public record AlertHistorySettings(Duration retention, int maxEntries) {
  public static final AlertHistorySettings DEFAULTS =
      new AlertHistorySettings(Duration.ofDays(7), 20_000);

  public AlertHistorySettings {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    if (maxEntries < 10) {
      throw new IllegalArgumentException("maxEntries must be at least 10, got " + maxEntries);
    }
  }

  /** Entries per segment file: a tenth of the total, so dropping the oldest segment drops a tenth at most. */
  int entriesPerSegment() {
    return Math.max(1, maxEntries / 10);
  }

  /** How long one segment takes entries: a tenth of the retention, so expiry is as fine. */
  Duration segmentSpan() {
    return retention.dividedBy(10);
  }
}
