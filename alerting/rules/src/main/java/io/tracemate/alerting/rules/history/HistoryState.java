package io.tracemate.alerting.rules.history;

import io.tracemate.alerting.model.AlertState;
import java.util.Locale;

/** The states an alert moves between in its history: the alert's own, and inactive once it is gone. */
public enum HistoryState {
  PENDING,
  FIRING,
  RESOLVED,
  /** Gone without firing: a pending alert whose condition stopped holding (or a rule over its alert limit). */
  INACTIVE;

  /** The history's name of an alert's state. */
  public static HistoryState of(AlertState state) {
    return switch (state) {
      case PENDING -> PENDING;
      case FIRING -> FIRING;
      case RESOLVED -> RESOLVED;
    };
  }

  /** As the API writes it: lower case. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state named {@code text} (any case); null for another name. */
  public static HistoryState parse(String text) {
    for (HistoryState state : values()) {
      if (state.name().equalsIgnoreCase(text)) {
        return state;
      }
    }
    return null;
  }
}
