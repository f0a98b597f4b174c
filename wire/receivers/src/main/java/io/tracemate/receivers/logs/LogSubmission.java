package io.tracemate.receivers.logs;

import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.receivers.exchange.ErrorAnswer;
import io.tracemate.receivers.exchange.ErrorStatus;
import java.time.Duration;

/**
 * A decoded and validated push: what the decoder read (and rejected), and what the limits kept and refused.
 *
 * @param tenant the push's tenant
 */
record LogSubmission(String tenant, DecodedLogs decoded, Validation validation) {

  /**
   * OTLP's answer to a push a rate limit cut: retryable (429 / RESOURCE_EXHAUSTED with RetryInfo), the accepted part
   * being stored; null when no rate limit refused anything (other refusals go into the partial success).
   */
  ErrorAnswer otlpRefusal() {
    return validation.rateLimited()
        ? new ErrorAnswer(
            ErrorStatus.RATE_LIMITED,
            validation.message(),
            Duration.ofSeconds(validation.retryAfterSeconds()),
            RefusalReason.RATE_LIMITED.label())
        : null;
  }

  /**
   * Loki's answer to a push with refused entries, the rest being stored: 429 when a rate limit (with
   * {@code Retry-After}) or the active stream limit (without) refused some, else 400 listing them; null when
   * everything was stored.
   */
  ErrorAnswer lokiRefusal() {
    if (validation.tooManyRequests()) {
      return new ErrorAnswer(
          ErrorStatus.RATE_LIMITED,
          validation.message(),
          validation.rateLimited() ? Duration.ofSeconds(validation.retryAfterSeconds()) : null,
          RefusalReason.RATE_LIMITED.label());
    }
    if (!validation.refusals().isEmpty()) {
      return ErrorAnswer.of(ErrorStatus.MALFORMED, ErrorAnswer.MALFORMED, validation.message());
    }
    return null;
  }
}
