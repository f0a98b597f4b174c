package io.tracemate.ingest;

import io.tracemate.model.Span;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where receivers hand decoded spans. The returned future completes once the spans are durable (in the
 * write-ahead log, fsynced), which is when a receiver may acknowledge its client.
 *
 * <p>It fails with {@link IngestRejectedException} when the server cannot take more right now (a full
 * queue); receivers turn that into 429/503 with Retry-After, or gRPC UNAVAILABLE with RetryInfo.
 * Implementations never block the calling (event loop) thread.
 */
public interface SpanSink {

  CompletableFuture<Void> accept(List<Span> spans);

  /**
   * The same, for a receiver that already holds these spans in stored form: {@code encoded} supplies bytes
   * that {@code io.tracemate.codec.SpanBinaryCodec.decode} turns into exactly {@code spans} (OTLP
   * TracesData, or an ExportTraceServiceRequest, whose wire format is the same, in which no span was
   * rejected). A sink may log those bytes instead of encoding the spans again, which saves a copy of every
   * span on the hottest path. The default ignores them.
   */
  default CompletableFuture<Void> accept(List<Span> spans, Supplier<byte[]> encoded) {
    return accept(spans);
  }
}
