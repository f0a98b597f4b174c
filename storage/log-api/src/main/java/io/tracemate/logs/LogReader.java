package io.tracemate.logs;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads log streams. Thread-safe: queries run concurrently with each other and with writes; a reader sees
 * what was flushed (and may see more).
 *
 * <p>Every read names its tenants (a {@link TenantScope}, in the {@link LogSelection} or as an argument) and
 * returns only what was written for one of them; each stream says its tenant ({@link StreamRef#tenant()}). A
 * store knows nothing of how an API presents several tenants: Loki's {@code __tenant_id__} label is added on top,
 * by {@link CrossTenantReader}.
 */
public interface LogReader {

  /** Streams of the selection's tenants that match every matcher and have entries in the range. */
  List<StreamRef> streams(LogSelection selection);

  /**
   * {@link #streams(LogSelection)} for a query that may stop. The index methods below each have such a twin: a
   * store whose index walks many streams (matching label regexes against each) checks {@code cancellation} as it
   * goes, so that a selector over hundreds of thousands of streams stops with its query; the defaults check once,
   * for readers whose index answers are cheap.
   *
   * @throws io.tracemate.common.CancelledException once the query stops
   */
  default List<StreamRef> streams(LogSelection selection, Cancellation cancellation) {
    cancellation.check();
    return streams(selection);
  }

  /**
   * Entries of one stream in the selection's time range, in {@code direction} order (entries with equal
   * timestamps keep their arrival order forward, reversed backward); none when the stream's tenant is not in the
   * selection's.
   *
   * @param requiredSubstrings the store returns only lines that contain every one of them (case-sensitive), and
   *     may use them to skip work; the caller may still re-check. Empty for no filtering.
   * @param stats the store adds what it read (lines and bytes decoded, chunks opened)
   */
  LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats);

  /**
   * {@link #entries(LogSelection, StreamRef, Direction, List, ScanStats)} for a query that may stop: the cursor
   * checks {@code cancellation} whenever it is about to do a unit of work (open a chunk), so a scan that finds
   * nothing for a long time still stops with its query. Readers whose every unit of work is small may leave the
   * default, which checks once.
   *
   * @throws io.tracemate.common.CancelledException from the call or from the cursor's methods once the query stops
   */
  default LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation) {
    cancellation.check();
    return entries(selection, stream, direction, requiredSubstrings, stats);
  }

  /** Label names of the tenants' streams with entries in [start, end), sorted. */
  List<String> labelNames(TenantScope tenants, long startNanos, long endNanos);

  /**
   * {@link #labelNames(TenantScope, long, long)} for a query that may stop (see {@link #streams(LogSelection,
   * Cancellation)}).
   */
  default List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation) {
    cancellation.check();
    return labelNames(tenants, startNanos, endNanos);
  }

  /** Values of one label among the streams the selection picks, sorted. */
  List<String> labelValues(LogSelection selection, String name);

  /** {@link #labelValues(LogSelection, String)} for a query that may stop. */
  default List<String> labelValues(LogSelection selection, String name, Cancellation cancellation) {
    cancellation.check();
    return labelValues(selection, name);
  }

  IndexStats indexStats(LogSelection selection);

  /** {@link #indexStats(LogSelection)} for a query that may stop. */
  default IndexStats indexStats(LogSelection selection, Cancellation cancellation) {
    cancellation.check();
    return indexStats(selection);
  }

  /**
   * Per stream of the selection with entries in its range: chunks, entries and line bytes in [start, end). A store
   * answers from its index; a chunk that only partly overlaps the range then counts in proportion to the share of
   * its time span inside the range (Loki's rule for volumes), so the stats of adjacent ranges add up to those of
   * their union, to within rounding. Streams without entries in the range are left out; order is unspecified.
   *
   * <p>The default counts every entry through {@link #entries}: exact, but it reads every line. Stores override it.
   */
  default List<StreamStats> streamStats(LogSelection selection) {
    List<StreamStats> result = new ArrayList<>();
    ScanStats scan = new ScanStats();
    for (StreamRef stream : streams(selection)) {
      long entries = 0;
      long bytes = 0;
      try (LogCursor cursor = entries(selection, stream, Direction.FORWARD, List.of(), scan)) {
        while (cursor.hasNext()) {
          LogEntry entry = cursor.next();
          if (entry.timestampNanos() >= selection.startNanos()
              && entry.timestampNanos() < selection.endNanos()) {
            entries++;
            bytes += entry.lineBytes();
          }
        }
      }
      if (entries > 0) {
        result.add(new StreamStats(stream, 0, entries, bytes));
      }
    }
    return result;
  }

  /** {@link #streamStats(LogSelection)} for a query that may stop. */
  default List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation) {
    cancellation.check();
    return streamStats(selection);
  }

  /**
   * Entries of the tenants that carry {@code traceId} (and {@code spanId} when not null) in their metadata, across
   * every stream, oldest first, at most {@code limit} in all. Answered from a per-chunk index, not by scanning
   * lines.
   */
  List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats);

  /** {@link #byTrace} for a query that may stop: the store checks {@code cancellation} per chunk it opens. */
  default List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    cancellation.check();
    return byTrace(tenants, traceId, spanId, startNanos, endNanos, limit, stats);
  }
}
