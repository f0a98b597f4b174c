/**
 * Log wire formats to log streams: OTLP logs (protobuf and OTLP/JSON, {@link io.tracemate.codec.logs.OtlpLogDecoder}
 * with the label mapping of {@link io.tracemate.codec.logs.OtlpLogLabels}) and Loki's push API (JSON and snappy
 * protobuf, {@link io.tracemate.codec.logs.LokiPushDecoder}).
 *
 * <p>Both produce {@link io.tracemate.logs.model.LogStream}s: stream labels stay few and bounded (Loki's labels as
 * given; for OTLP a fixed table of resource attributes plus {@code level}), and everything else, including the
 * trace context, travels as structured metadata. The trace ID is indexed but never a label, so it cannot blow up
 * stream cardinality; for Loki pushes it is also found in the line ({@link io.tracemate.codec.logs.TraceContext}).
 * Validation against limits (sizes, ages, rates) is the receivers' job; decoding only rejects what cannot be
 * read. Everything here is stateless and thread-safe.
 */
package io.tracemate.codec.logs;
