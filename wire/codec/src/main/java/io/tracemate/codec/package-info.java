/**
 * Wire and storage formats of every signal, one sub-package per wire format family. {@code otlp} converts OTLP
 * traces (protobuf and OTLP/JSON) to and from the span model; {@code zipkin} reads Zipkin v2 JSON and proto3;
 * {@code logs} turns OTLP logs and Loki pushes into log streams. At the root, what several of them share:
 * {@link io.tracemate.codec.SpanBinaryCodec}, the lossless binary span form of the write-ahead log and the store,
 * Unix-nanosecond times, the JSON error type that names where a body is malformed, and
 * {@link io.tracemate.codec.Decoded}, how every decoder's result reports what it rejected.
 *
 * <p>Decoding only rejects what cannot be read; limits (sizes, ages, rates) are the receivers' job. Nothing here
 * keeps state; every class is thread-safe.
 */
package io.tracemate.codec;
