package io.tracemate.receivers;

import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.receivers.ReceiverMetrics.Reason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A decoded and checked request body: its spans to keep (with the rejections explained in
 * {@link DecodedSpans#errorMessage()}), and, when the receiver has it for free, their stored form (bytes that
 * decode to exactly those spans; see {@link io.tracemate.ingest.SpanSink#accept(java.util.List, Supplier)}),
 * or null.
 *
 * @param rejected how many spans were rejected for each reason; the counts add up to
 *     {@link DecodedSpans#rejectedCount()}; iterated in the order of {@link Reason}
 */
record DecodedRequest(DecodedSpans decoded, Supplier<byte[]> storedForm, Map<Reason, Integer> rejected) {

  DecodedRequest {
    rejected = rejected.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(rejected));
  }
}
