package io.tracemate.receivers;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.BatchConsumer;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** A sink that records what it accepts, or fails every call the way a test asks it to. */
final class RecordingSink implements BatchConsumer<SpanBatch> {
  private final ConcurrentLinkedQueue<Span> spans = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<TenantId> tenants = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Supplier<Throwable>> failure = new AtomicReference<>();

  @Override
  public CompletableFuture<Void> consume(SpanBatch batch) {
    Supplier<Throwable> failing = failure.get();
    if (failing != null) {
      // Fail asynchronously, as a real sink completes its future from its own thread.
      return CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
          .thenCompose(unused -> CompletableFuture.failedFuture(failing.get()));
    }
    spans.addAll(batch.spans());
    tenants.add(batch.tenant());
    return CompletableFuture.runAsync(
        () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
  }

  void failWith(Supplier<Throwable> failure) {
    this.failure.set(failure);
  }

  void reset() {
    spans.clear();
    tenants.clear();
    failure.set(null);
  }

  /** The tenant of each batch accepted, in order. */
  List<TenantId> tenants() {
    return new ArrayList<>(tenants);
  }

  List<Span> spans() {
    return new ArrayList<>(spans);
  }
}
