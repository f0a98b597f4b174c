package io.tracemate.server;

import io.tracemate.ingest.SpanSink;
import io.tracemate.model.Span;
import io.tracemate.pipeline.Pipeline;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs the configured processors on every batch before it reaches the durable sink, so that redaction and
 * renaming happen before anything is written to the WAL or the store. Thread-safe as the pipeline is.
 */
final class ProcessingSink implements SpanSink {
  private final Pipeline pipeline;
  private final SpanSink next;

  ProcessingSink(Pipeline pipeline, SpanSink next) {
    this.pipeline = pipeline;
    this.next = next;
  }

  @Override
  public CompletableFuture<Void> accept(List<Span> spans) {
    return accept(spans, null);
  }

  /** The receiver's stored form stays valid only when no processor changed the batch (same list back). */
  @Override
  public CompletableFuture<Void> accept(List<Span> spans, Supplier<byte[]> encoded) {
    List<Span> processed;
    try {
      processed = pipeline.process(spans);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return processed == spans && encoded != null ? next.accept(spans, encoded) : next.accept(processed);
  }
}
