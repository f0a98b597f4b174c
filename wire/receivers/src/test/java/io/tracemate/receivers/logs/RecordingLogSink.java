package io.tracemate.receivers.logs;

import io.tracemate.component.BatchConsumer;
import io.tracemate.component.LogBatch;
import io.tracemate.logs.model.LogStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** A log sink that records what it accepts per tenant, or fails the way a test asks; completes asynchronously. */
final class RecordingLogSink implements BatchConsumer<LogBatch> {
  record Push(String tenant, List<LogStream> streams) {}

  private final List<Push> pushes = new ArrayList<>();
  private final AtomicReference<Supplier<Throwable>> failure = new AtomicReference<>();

  @Override
  public CompletableFuture<Void> consume(LogBatch batch) {
    Supplier<Throwable> failing = failure.get();
    CompletableFuture<Void> later =
        CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS));
    if (failing != null) {
      return later.thenCompose(unused -> CompletableFuture.failedFuture(failing.get()));
    }
    synchronized (pushes) {
      pushes.add(new Push(batch.tenant(), List.copyOf(batch.streams())));
    }
    return later;
  }

  void failWith(Supplier<Throwable> failure) {
    this.failure.set(failure);
  }

  void reset() {
    synchronized (pushes) {
      pushes.clear();
    }
    failure.set(null);
  }

  List<Push> pushes() {
    synchronized (pushes) {
      return List.copyOf(pushes);
    }
  }

  /** Every stream received, in arrival order. */
  List<LogStream> streams() {
    return pushes().stream().flatMap(push -> push.streams().stream()).toList();
  }
}
