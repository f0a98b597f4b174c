package io.tracemate.logql.engine;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.TraceEntry;
import java.util.List;

/** A {@link LogReader} that delegates everything; tests override what they observe or break. */
class ForwardingReader implements LogReader {
  private final LogReader delegate;

  ForwardingReader(LogReader delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<StreamRef> streams(LogSelection selection) {
    return delegate.streams(selection);
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats) {
    return delegate.entries(selection, stream, direction, requiredSubstrings, stats);
  }

  @Override
  public List<String> labelNames(TenantScope tenants, long startNanos, long endNanos) {
    return delegate.labelNames(tenants, startNanos, endNanos);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name) {
    return delegate.labelValues(selection, name);
  }

  @Override
  public IndexStats indexStats(LogSelection selection) {
    return delegate.indexStats(selection);
  }

  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats) {
    return delegate.byTrace(tenants, traceId, spanId, startNanos, endNanos, limit, stats);
  }
}
