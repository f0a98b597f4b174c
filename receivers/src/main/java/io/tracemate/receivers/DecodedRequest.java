package io.tracemate.receivers;

import io.tracemate.codec.otlp.DecodedSpans;
import java.util.function.Supplier;

/**
 * A decoded request body: its spans, and, when the receiver has it for free, their stored form (bytes that
 * decode to exactly those spans; see {@link io.tracemate.ingest.SpanSink#accept(java.util.List, Supplier)}),
 * or null.
 */
record DecodedRequest(DecodedSpans decoded, Supplier<byte[]> storedForm) {

  static DecodedRequest withoutStoredForm(DecodedSpans decoded) {
    return new DecodedRequest(decoded, null);
  }
}
