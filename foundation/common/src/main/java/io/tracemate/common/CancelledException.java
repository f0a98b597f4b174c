package io.tracemate.common;

import java.util.Objects;

/**
 * Work stopped because its {@link Cancellation} said so. Carries no stack trace: it is control flow, thrown from
 * hot loops, and the interesting part is the reason, not where a check happened to notice it.
 */
public final class CancelledException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Cancellation.Reason reason;

  public CancelledException(Cancellation.Reason reason) {
    super(
        Objects.requireNonNull(reason, "reason") == Cancellation.Reason.DEADLINE_EXCEEDED
            ? "deadline exceeded"
            : "cancelled",
        null,
        false,
        false);
    this.reason = reason;
  }

  public Cancellation.Reason reason() {
    return reason;
  }
}
