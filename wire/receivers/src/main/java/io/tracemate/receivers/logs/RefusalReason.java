package io.tracemate.receivers.logs;

/**
 * Why log entries were refused. {@link #label()} is the {@code reason} label of the refusal metrics and matches
 * Loki's {@code loki_discarded_samples_total} reasons where Loki has one; {@link #retryable()} refusals are
 * answered 429 (rate limits with Retry-After), the others 400.
 */
public enum RefusalReason {
  RATE_LIMITED("rate_limited", true),
  PER_STREAM_RATE_LIMIT("per_stream_rate_limit", true),
  /** A new stream beyond the tenant's active stream limit ({@code max_global_streams_per_user}). */
  STREAM_LIMIT("stream_limit", true),
  GREATER_THAN_MAX_SAMPLE_AGE("greater_than_max_sample_age", false),
  TOO_FAR_IN_FUTURE("too_far_in_future", false),
  TOO_FAR_BEHIND("too_far_behind", false),
  LINE_TOO_LONG("line_too_long", false),
  MAX_LABEL_NAMES_PER_SERIES("max_label_names_per_series", false),
  LABEL_NAME_TOO_LONG("label_name_too_long", false),
  LABEL_VALUE_TOO_LONG("label_value_too_long", false),
  INVALID_LABELS("invalid_labels", false),
  MISSING_LABELS("missing_labels", false),
  /** Rejected while decoding (e.g. an OTLP record with a malformed trace ID). */
  INVALID("invalid", false),
  BACKPRESSURE("backpressure", true),
  INTERNAL_ERROR("internal_error", false);

  private final String label;
  private final boolean retryable;

  RefusalReason(String label, boolean retryable) {
    this.label = label;
    this.retryable = retryable;
  }

  public String label() {
    return label;
  }

  public boolean retryable() {
    return retryable;
  }
}
