/**
 * Wire and storage formats of spans and logs. {@link io.tracemate.codec.SpanBinaryCodec} is the lossless binary form
 * used by the write-ahead log and the store; {@code otlp} converts OTLP protobuf and OTLP/JSON; {@code zipkin}
 * reads Zipkin v2 JSON and proto3; {@code logs} reads OTLP logs and Loki pushes. Each decoder's result reports what it
 * rejected the same way ({@link io.tracemate.codec.Decoded}). Nothing here keeps state; every class is thread-safe.
 */
package io.tracemate.codec;
