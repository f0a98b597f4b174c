package io.tracemate.ingest;

import io.tracemate.model.Span;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
}
