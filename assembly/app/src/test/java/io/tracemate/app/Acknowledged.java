package io.tracemate.app;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the server acknowledged to the torture suite's clients, across every cycle: only what a client got a success
 * for. Log lines carry unique timestamps from one clock, so a query can page through them by time. Thread-safe.
 */
final class Acknowledged {
  /** One trace's acknowledged spans, and whether one of them has status ERROR. */
  static final class TraceAcks {
    final Set<String> spanIds = ConcurrentHashMap.newKeySet();
    volatile boolean error;
  }

  private final Map<String, TraceAcks> traces = new ConcurrentHashMap<>();
  private final Set<String> lines = ConcurrentHashMap.newKeySet();
  private final long firstTimestampNanos =
      System.currentTimeMillis() * 1_000_000L - 600_000_000_000L;
  private final AtomicLong timestamps = new AtomicLong(firstTimestampNanos);

  /** Records spans of one trace the server acknowledged in one request. */
  void spans(String traceId, Collection<String> spanIds, boolean anyError) {
    TraceAcks acks = traces.computeIfAbsent(traceId, id -> new TraceAcks());
    acks.spanIds.addAll(spanIds);
    if (anyError) {
      acks.error = true;
    }
  }

  void lines(Collection<String> acknowledgedLines) {
    lines.addAll(acknowledgedLines);
  }

  Map<String, TraceAcks> traces() {
    return traces;
  }

  Set<String> lines() {
    return lines;
  }

  long spanCount() {
    return traces.values().stream().mapToLong(t -> t.spanIds.size()).sum();
  }

  /** A timestamp no other line has: 10 minutes ago plus a microsecond per line sent. */
  long nextLineTimestampNanos() {
    return timestamps.addAndGet(1_000);
  }

  long firstTimestampNanos() {
    return firstTimestampNanos;
  }

  long lastTimestampNanos() {
    return timestamps.get();
  }
}
