package io.tracemate.storage;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import java.util.List;

/** Adds spans to a store. Thread-safe. */
public interface SpanWriter {

  /**
   * Adds one tenant's spans, of any mix of traces. Only reads whose {@link io.tracemate.common.tenant.TenantScope}
   * holds {@code tenant} ever see them. Idempotent as seen by readers: a span written again for the same tenant with
   * the same content is returned once. The spans are durable only after {@link #flush()}.
   *
   * @throws StorageException when the store cannot take them; {@link StorageException#retryable()} tells
   *     whether writing the same spans later may succeed
   */
  void write(TenantId tenant, List<Span> spans);

  /** Makes every span written before this call durable and visible to readers. */
  void flush();

  /**
   * How far reads have caught up with writes without a {@link #flush()}: every {@link #write} that returned before
   * this {@link System#nanoTime()} instant is visible to readers. A store that refreshes its readers on its own (the
   * embedded store, every {@code refresh-interval}) says when its last refresh began; one that shows a write at once
   * says now. The default, {@link Long#MIN_VALUE}, says nothing: only a flush makes writes visible. The span head
   * lets go of spans by this, so a store that answers it keeps the head small.
   */
  default long visibleBeforeNanos() {
    return Long.MIN_VALUE;
  }
}
