package io.tracemate.logs;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import java.util.List;

/**
 * A {@link LogReader} whose every read can stop with its query: it implements the methods that take a
 * {@link Cancellation}, and each plain twin is that method with {@link Cancellation#none()}. For stores that check
 * the cancellation as they walk their index and chunks (the embedded log store), and for readers over another
 * reader ({@link CrossTenantReader}) that must pass the cancellation on. A reader whose work is small may implement
 * {@link LogReader} directly and keep its defaults, which check once. Thread-safe as {@link LogReader} requires.
 */
public interface CancellableLogReader extends LogReader {

  @Override
  default List<StreamRef> streams(LogSelection selection) {
    return streams(selection, Cancellation.none());
  }

  @Override
  List<StreamRef> streams(LogSelection selection, Cancellation cancellation);

  @Override
  default LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats) {
    return entries(selection, stream, direction, requiredSubstrings, stats, Cancellation.none());
  }

  @Override
  LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation);

  @Override
  default List<String> labelNames(TenantScope tenants, long startNanos, long endNanos) {
    return labelNames(tenants, startNanos, endNanos, Cancellation.none());
  }

  @Override
  List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation);

  @Override
  default List<String> labelValues(LogSelection selection, String name) {
    return labelValues(selection, name, Cancellation.none());
  }

  @Override
  List<String> labelValues(LogSelection selection, String name, Cancellation cancellation);

  @Override
  default IndexStats indexStats(LogSelection selection) {
    return indexStats(selection, Cancellation.none());
  }

  @Override
  IndexStats indexStats(LogSelection selection, Cancellation cancellation);

  @Override
  default List<StreamStats> streamStats(LogSelection selection) {
    return streamStats(selection, Cancellation.none());
  }

  @Override
  List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation);

  @Override
  default List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats) {
    return byTrace(
        tenants, traceId, spanId, startNanos, endNanos, limit, stats, Cancellation.none());
  }

  @Override
  List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation);
}
