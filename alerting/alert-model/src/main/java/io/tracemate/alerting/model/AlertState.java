package io.tracemate.alerting.model;

/** Where an alert is in its life, as Prometheus names the states (resolved: it fired and no longer does). */
public enum AlertState {
  /** The condition holds, for less than the rule's {@code for}; nothing is sent. */
  PENDING,
  /** The condition has held for the rule's {@code for} (or is kept firing by {@code keep_firing_for}). */
  FIRING,
  /** It fired and the condition stopped holding; sent with its end time. */
  RESOLVED
}
