package io.tracemate.component;

/**
 * A receiver's own bytes of a span batch, which the durable queue may log as the write-ahead-log record instead of
 * encoding the spans again: OTLP {@code TracesData}, or an {@code ExportTraceServiceRequest} (the same wire format),
 * that {@code io.tracemate.codec.SpanBinaryCodec.decode} turns into exactly the batch's spans. Asked for at most
 * once, and only once the batch has been admitted, so a refused batch never serializes anything.
 */
@FunctionalInterface
public interface StoredForm {

  byte[] bytes();
}
