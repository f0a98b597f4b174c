package io.tracemate.logs;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import java.util.List;
import java.util.Objects;

/**
 * Read what you just wrote: a {@link LogReader} that, before each read that starts a query (streams, labels, stats,
 * lines of a trace), waits until the store has every line acknowledged before it ({@link AcknowledgedWrites}). The
 * cursors of the streams a query found are not held up again. Writes pay nothing for it; a read waits only while the
 * store's writer is behind the acknowledgements, which is rarely longer than one store write.
 *
 * <p>Thread-safe when the store's reader is.
 */
public final class FreshLogReader implements CancellableLogReader {
  private final LogReader store;
  private final AcknowledgedWrites writes;

  public FreshLogReader(LogReader store, AcknowledgedWrites writes) {
    this.store = Objects.requireNonNull(store, "store");
    this.writes = Objects.requireNonNull(writes, "writes");
  }

  @Override
  public List<StreamRef> streams(LogSelection selection, Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.streams(selection, cancellation);
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation) {
    return store.entries(selection, stream, direction, requiredSubstrings, stats, cancellation);
  }

  @Override
  public List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.labelNames(tenants, startNanos, endNanos, cancellation);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name, Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.labelValues(selection, name, cancellation);
  }

  @Override
  public IndexStats indexStats(LogSelection selection, Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.indexStats(selection, cancellation);
  }

  @Override
  public List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.streamStats(selection, cancellation);
  }

  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    writes.awaitStored(cancellation);
    return store.byTrace(
        tenants, traceId, spanId, startNanos, endNanos, limit, stats, cancellation);
  }
}
