/**
 * Zipkin v2 spans (JSON and proto3) to the model; see {@link io.tracemate.codec.zipkin.ZipkinSpanDecoder} for
 * the field mapping. Decoding itself is zipkin2's; this package maps, and checks the lengths of proto3 IDs, which
 * zipkin2 pads instead of refusing. Stateless and thread-safe.
 */
package io.tracemate.codec.zipkin;
