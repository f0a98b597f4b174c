package io.tracemate.receivers;

import io.tracemate.ingest.IngestRejectedException;
import io.tracemate.ingest.SpanSink;
import io.tracemate.model.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/** Hands spans to the sink and classifies how that can fail. Stateless; thread-safe. */
final class Ingest {
  private Ingest() {}

  /** Never throws: a sink that throws instead of failing its future is treated the same. */
  static CompletableFuture<Void> accept(SpanSink sink, List<Span> spans) {
    return accept(sink, spans, null);
  }

  /** As above, handing the sink the spans' stored form too when the caller has it ({@code encoded} non-null). */
  static CompletableFuture<Void> accept(SpanSink sink, List<Span> spans, Supplier<byte[]> encoded) {
    try {
      CompletableFuture<Void> future = encoded == null ? sink.accept(spans) : sink.accept(spans, encoded);
      return future != null ? future
          : CompletableFuture.failedFuture(new IllegalStateException("the span sink returned no future"));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** Retry-After in whole seconds, at least 1 (0 would invite an immediate retry storm). */
  static long retryAfterSeconds(IngestRejectedException rejected) {
    Duration delay = rejected.retryAfter();
    if (delay == null || delay.isNegative() || delay.isZero()) {
      return 1;
    }
    return Math.max(1, (delay.toMillis() + 999) / 1000);
  }

  /** The delay to put in gRPC RetryInfo; at least one millisecond. */
  static Duration retryDelay(IngestRejectedException rejected) {
    Duration delay = rejected.retryAfter();
    return delay == null || delay.isNegative() || delay.isZero() ? Duration.ofMillis(1) : delay;
  }
}
