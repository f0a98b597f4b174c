package io.tracemate.alerting.notify.silence;

import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A silence as Alertmanager keeps it: alerts of its tenant whose labels match every matcher are not notified
 * between {@code startsAt} and {@code endsAt}.
 *
 * @param id its ID (a UUID)
 * @param tenant whose alerts it silences
 * @param matchers all must match
 * @param startsAt from when
 * @param endsAt until when (expiring a silence sets it to the time of expiry)
 * @param createdBy who made it
 * @param comment why
 * @param updatedAt when it was last changed
 */
public record Silence(
    String id,
    TenantId tenant,
    List<LabelMatcher> matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment,
    Instant updatedAt) {
  /** Alertmanager's silence states. */
  public enum State {
    PENDING,
    ACTIVE,
    EXPIRED;

    /** As Alertmanager's API writes it. */
    public String apiName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Silence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenant, "tenant");
    matchers = List.copyOf(matchers);
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(comment, "comment");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public State state(Instant now) {
    if (now.isBefore(startsAt)) {
      return State.PENDING;
    }
    return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
  }
}
