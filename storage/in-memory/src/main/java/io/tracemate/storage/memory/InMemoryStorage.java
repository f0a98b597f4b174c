package io.tracemate.storage.memory;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.StorageStats;
import io.tracemate.storage.TraceReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The reference span store: spans in the heap, searched by scanning, nothing on disk. It passes the storage
 * contract suite (all but what needs data to outlive {@link #close()}), and tests of the query layer run on it
 * instead of hand-written fakes. Not for production: memory grows with what is written until retention or
 * {@link #clear()} removes it.
 *
 * <p>Spans are kept by tenant and trace; every read covers the tenants of its scope only (see {@code SpanTable}).
 *
 * <p>The store is its own {@link SpanWriter} (as Zipkin's in-memory storage is its own consumer): writes are
 * visible and "durable" at once, so {@link #flush()} has nothing to do. A trace lives in the day (UTC) its first
 * span started in, so retention drops traces whole, as the Lucene store does; each tenant's traces go when their
 * day ends at or before that tenant's cutoff.
 *
 * <p>Thread-safe: one lock guards the spans, and every read returns copies.
 */
public final class InMemoryStorage implements StorageBackend, SpanWriter {
  private static final long PARTITION_NANOS = Duration.ofDays(1).toNanos();

  private final SpanTable table = new SpanTable(PARTITION_NANOS);
  private final TraceReader reader = new InMemoryTraceReader(table);
  private final DependencyReader dependencies = new InMemoryDependencyReader(table);

  @Override
  public SpanWriter spanWriter() {
    return this;
  }

  @Override
  public void write(TenantId tenant, List<Span> spans) {
    table.add(tenant, spans);
  }

  @Override
  public void flush() {}

  /** A write is visible once it returned. */
  @Override
  public long visibleBeforeNanos() {
    return System.nanoTime();
  }

  @Override
  public TraceReader traceReader() {
    return reader;
  }

  @Override
  public DependencyReader dependencyReader() {
    return dependencies;
  }

  @Override
  public int enforceRetention(RetentionPolicy policy) {
    return table.enforce(policy);
  }

  /** Nothing on disk; the spans held and the days they fall in. */
  @Override
  public StorageStats stats() {
    return new StorageStats(0, table.spanCount(), table.partitionCount());
  }

  /** Forgets every span (tests that share one store between cases start each from empty). */
  public void clear() {
    table.clear();
  }

  /** Forgets every span; the store cannot be used afterwards. */
  @Override
  public void close() {
    table.close();
  }

  /** Epoch nanoseconds, saturated at the ends of {@code long} (an open window may reach Instant.MIN or MAX). */
  static long epochNanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
