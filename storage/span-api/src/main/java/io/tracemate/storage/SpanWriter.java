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
}
