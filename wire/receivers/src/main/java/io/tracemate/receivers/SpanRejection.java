package io.tracemate.receivers;

import java.util.Locale;

/**
 * Why a span was refused by the receivers' checks; {@link #label()} is the {@code reason} label of
 * {@code tracemate_receiver_spans_rejected_total}.
 */
public enum SpanRejection {
  /** A trace or span ID the store cannot keep (all zeros, wrong length). */
  INVALID_ID,
  /** A start time of 0. */
  MISSING_START_TIME,
  /** A start before {@link ReceiverLimits#maxSpanAge()} ago. */
  TOO_OLD,
  /** A start after now + {@link ReceiverLimits#spanCreationGracePeriod()}, or beyond signed nanoseconds. */
  TOO_FAR_IN_FUTURE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
