/**
 * OTLP traces to and from the model: protobuf ({@link io.tracemate.codec.otlp.OtlpTraceDecoder},
 * {@link io.tracemate.codec.otlp.OtlpTraceEncoder}) and OTLP/JSON ({@link io.tracemate.codec.otlp.OtlpJson}, which
 * reads trace and log requests as they stream: {@code ProtoJsonCursor} for proto3 JSON's scalars and OTLP's hex IDs,
 * {@code OtlpCommonJson} for what both signals share, {@code OtlpTracesJson} and {@code OtlpLogsJson}).
 *
 * <p>Decoding is the ingest hot path and is written to allocate little: one model object per proto object,
 * immutable lists built at their final size, and one shared Resource / InstrumentationScope per
 * ResourceSpans / ScopeSpans. Spans with unusable IDs are rejected individually and reported as OTLP partial
 * success; the rest of the request is kept.
 *
 * <p>Everything here is stateless and thread-safe.
 */
package io.tracemate.codec.otlp;
