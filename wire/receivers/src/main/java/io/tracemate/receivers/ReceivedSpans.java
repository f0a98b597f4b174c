package io.tracemate.receivers;

import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.receivers.exchange.MessageDecoder;
import java.util.Arrays;

/**
 * An OTLP/gRPC Export request as the trace receiver reads it: its spans, decoded from the wire, and its bytes,
 * which are the spans' stored form when none was rejected (an {@code ExportTraceServiceRequest} has the wire format
 * of {@code TracesData}).
 */
record ReceivedSpans(DecodedSpans decoded, byte[] bytes) {

  /** Decodes the request and keeps a copy of its bytes (the reader reuses its buffer) unless a span was refused. */
  static final MessageDecoder<ReceivedSpans> DECODER =
      (message, length) -> {
        DecodedSpans decoded = OtlpTraceDecoder.decode(message, 0, length);
        return new ReceivedSpans(
            decoded, decoded.hasRejections() ? null : Arrays.copyOf(message, length));
      };
}
