package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.AlertState;
import io.tracemate.alerting.model.Evidence;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * One alert of an alerting rule while the rule's state machine holds it (Prometheus' {@code Alert}): pending,
 * firing, or resolved and kept for the resolved retention. Mutable; confined to the rule's evaluation (the
 * evaluator hands out immutable {@link io.tracemate.alerting.model.Alert} copies).
 */
final class ActiveAlert {
  final SortedMap<String, String> labels;
  Map<String, String> annotations;

  /** PENDING, FIRING, or RESOLVED (Prometheus' inactive after firing). */
  AlertState state;

  Instant activeAt;
  Instant firedAt;
  Instant resolvedAt;

  /** When the condition stopped holding while {@code keep_firing_for} keeps it firing; null otherwise. */
  Instant keepFiringSince;

  double value;
  Evidence evidence = Evidence.NONE;

  ActiveAlert(
      SortedMap<String, String> labels,
      Map<String, String> annotations,
      Instant activeAt,
      double value) {
    this.labels = labels;
    this.annotations = annotations;
    this.state = AlertState.PENDING;
    this.activeAt = activeAt;
    this.value = value;
  }
}
