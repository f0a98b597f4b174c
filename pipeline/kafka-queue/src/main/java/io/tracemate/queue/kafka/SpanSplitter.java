package io.tracemate.queue.kafka;

import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Spans by trace: one record per trace of a batch, keyed by tenant and trace ID. A batch of one trace (a service's
 * spans of one request, the commonest export) is one record of the batch as it is, keeping the receiver's own OTLP
 * bytes, so that it is not encoded again. Stateless.
 */
public final class SpanSplitter implements RecordSplitter<SpanBatch> {
  public static final SpanSplitter INSTANCE = new SpanSplitter();

  private SpanSplitter() {}

  @Override
  public void split(SpanBatch batch, BiConsumer<byte[], SpanBatch> record) {
    List<Span> spans = batch.spans();
    TraceId first = spans.getFirst().traceId();
    boolean oneTrace = true;
    for (Span span : spans) {
      if (!span.traceId().equals(first)) {
        oneTrace = false;
        break;
      }
    }
    if (oneTrace) {
      record.accept(key(batch, first), batch);
      return;
    }
    Map<TraceId, List<Span>> byTrace = new LinkedHashMap<>();
    for (Span span : spans) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    byTrace.forEach(
        (traceId, ofTrace) -> record.accept(key(batch, traceId), batch.withSpans(ofTrace)));
  }

  /** The tenant's ASCII bytes, then the 16 bytes of the trace ID. */
  static byte[] key(SpanBatch batch, TraceId traceId) {
    byte[] tenant = batch.tenant().value().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(tenant.length + 16)
        .put(tenant)
        .putLong(traceId.high())
        .putLong(traceId.low())
        .array();
  }
}
