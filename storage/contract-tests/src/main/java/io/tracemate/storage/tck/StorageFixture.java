package io.tracemate.storage.tck;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.storage.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * What every contract interface needs from the suite: the backend under test, a way to reopen it, and the
 * test's seeded randomness. {@link StorageContractTest} implements it; contract interfaces only read it.
 */
public interface StorageFixture {

  /** The backend under test, open, over a fresh data directory. */
  StorageBackend backend();

  /** Closes the backend and opens a new one over the same data; {@link #backend()} then returns it. */
  StorageBackend reopen();

  /**
   * Whether the backend keeps what was flushed across {@link #reopen()}. In-memory backends answer false: the
   * tests of durability across a reopen are then skipped, or check only what holds within one backend's life
   * (Jaeger's storage suite opts out the same way); everything else still applies to them.
   */
  boolean persistent();

  /** {@link #reopen()} for a {@link #persistent()} backend; nothing otherwise. */
  default void reopenIfPersistent() {
    if (persistent()) {
      reopen();
    }
  }

  /**
   * Writes spans of {@link TenantId#DEFAULT} as if they had arrived at {@code when} (used to create data that retention must drop).
   * Backends that partition by span start time write them as they are.
   */
  void writeAt(List<Span> spans, Instant when);

  /** Coarsest time partition of the backend: retention tests place data many of these apart. */
  Duration retentionGranularity();

  /** Seeded per test; the seed is printed when the test fails. */
  Random random();

  /** A recent instant, in epoch nanoseconds, that the test's spans start around. */
  long baseNanos();

  /** The backend's reader as {@link TenantId#DEFAULT}, the tenant of single-tenant operation. */
  default SingleTenantReader reader() {
    return new SingleTenantReader(backend().traceReader(), TenantId.DEFAULT);
  }

  /** Writes spans of {@link TenantId#DEFAULT}. */
  default void write(List<Span> spans) {
    write(TenantId.DEFAULT, spans);
  }

  default void write(TenantId tenant, List<Span> spans) {
    backend().spanWriter().write(tenant, spans);
  }

  default void writeAndFlush(List<Span> spans) {
    write(spans);
    backend().spanWriter().flush();
  }

  default void flush() {
    backend().spanWriter().flush();
  }
}
