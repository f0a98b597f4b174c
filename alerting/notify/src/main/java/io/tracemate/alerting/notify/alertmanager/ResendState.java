package io.tracemate.alerting.notify.alertmanager;

import io.tracemate.alerting.model.Alert;
import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.notify.NotifiedAlert;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Which alerts of each evaluation go to Alertmanager, with Prometheus' rules ({@code rules.Alert.needsSending}):
 * pending alerts never; an alert resolved since it was last sent at once; any other firing or resolved alert when
 * the resend delay has passed since it was last sent (so a resolution is sent again for as long as the evaluator
 * reports it: 15 minutes). A firing alert promises {@code endsAt = now + 4 × max(group interval, resend delay)},
 * so Alertmanager resolves it by itself if Tracemate stops sending; a resolved one carries its resolution time.
 *
 * <p>Times of sending are compared with evaluation times (the batch's, like Prometheus' evaluation timestamp), so
 * the decision does not depend on when a batch reached the notifier; {@code endsAt} is measured from the wall
 * clock, which is what Alertmanager compares it with.
 *
 * <p>Not thread-safe: confined to the notifier's thread.
 */
public final class ResendState {
  private record GroupKey(TenantId tenant, String namespace, String group) {}

  private final Duration resendDelay;
  private final String tenantLabel;
  private final String externalUrl;
  private final Map<GroupKey, Map<SortedMap<String, String>, Instant>> lastSent = new HashMap<>();

  public ResendState(Duration resendDelay, String tenantLabel, String externalUrl) {
    this.resendDelay = resendDelay;
    this.tenantLabel = tenantLabel;
    this.externalUrl = externalUrl;
  }

  /**
   * The alerts of {@code batch} to send now, remembered as sent; alerts the batch no longer reports are
   * forgotten.
   */
  public List<NotifiedAlert> toSend(AlertBatch batch, Instant now) {
    GroupKey key = new GroupKey(batch.tenant(), batch.namespace(), batch.group());
    Map<SortedMap<String, String>, Instant> previous = lastSent.getOrDefault(key, Map.of());
    Map<SortedMap<String, String>, Instant> current = new HashMap<>();
    Instant evaluated = batch.evaluatedAt();
    Instant validUntil = validUntil(batch.interval(), now.isAfter(evaluated) ? now : evaluated);
    List<NotifiedAlert> send = new ArrayList<>();
    for (Alert alert : batch.alerts()) {
      if (alert.state() == AlertState.PENDING) {
        continue;
      }
      SortedMap<String, String> labels = NotifiedAlert.labels(alert, tenantLabel);
      Instant sentAt = previous.get(labels);
      if (needsSending(alert, sentAt, evaluated)) {
        send.add(NotifiedAlert.of(alert, tenantLabel, validUntil, externalUrl));
        sentAt = evaluated;
      }
      current.put(labels, sentAt);
    }
    if (current.isEmpty()) {
      lastSent.remove(key);
    } else {
      lastSent.put(key, current);
    }
    return send;
  }

  /** {@code from + 4 × max(interval, resend delay)}: Prometheus' {@code ValidUntil}. */
  public Instant validUntil(Duration interval, Instant from) {
    Duration delta = interval.compareTo(resendDelay) > 0 ? interval : resendDelay;
    return from.plus(delta.multipliedBy(4));
  }

  private boolean needsSending(Alert alert, Instant sentAt, Instant evaluated) {
    if (sentAt == null) {
      return true;
    }
    if (alert.state() == AlertState.RESOLVED && alert.resolvedAt().isAfter(sentAt)) {
      return true;
    }
    return !sentAt.plus(resendDelay).isAfter(evaluated);
  }
}
