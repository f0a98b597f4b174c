package io.tracemate.http.jaeger;

import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a search result row shows of one trace, as api_v3's {@code TraceSummary} defines it (jaeger-idl
 * {@code proto/api_v3/query_service.proto}) and Jaeger's query service computes it when a store has no native
 * summaries: the root is the span without a parent that started first; an orphan is a span whose parent is not in
 * the trace (the trace is incomplete); an error span has status ERROR, counted for its own service only.
 *
 * @param traceId 32 lowercase hex characters
 * @param rootServiceName "" when no span lacks a parent
 * @param rootOperationName "" when no span lacks a parent
 * @param minStartNanos the earliest span start, Unix nanoseconds
 * @param maxEndNanos the latest span end, Unix nanoseconds
 * @param services one entry per service name, sorted by name
 */
public record TraceSummary(
    String traceId,
    String rootServiceName,
    String rootOperationName,
    long minStartNanos,
    long maxEndNanos,
    int spanCount,
    int errorSpanCount,
    int orphanSpanCount,
    List<ServiceSummary> services) {

  /** One service's share of a trace. */
  public record ServiceSummary(String name, int spanCount, int errorSpanCount) {}

  public TraceSummary {
    services = List.copyOf(services);
  }

  /** Summarizes a whole trace (at least one span). */
  public static TraceSummary of(Trace trace) {
    List<Span> spans = trace.spans();
    Set<SpanId> present = new HashSet<>(spans.size() * 2);
    for (Span span : spans) {
      present.add(span.spanId());
    }
    TreeMap<String, int[]> perService = new TreeMap<>();
    Span root = null;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    int errors = 0;
    int orphans = 0;
    for (Span span : spans) {
      int[] counts = perService.computeIfAbsent(span.resource().serviceName(), name -> new int[2]);
      counts[0]++;
      if (span.status().isError()) {
        counts[1]++;
        errors++;
      }
      minStart = Math.min(minStart, span.startEpochNanos());
      maxEnd = Math.max(maxEnd, span.endEpochNanos());
      if (!span.parentSpanId().isValid()) {
        if (root == null || span.startEpochNanos() < root.startEpochNanos()) {
          root = span;
        }
      } else if (!present.contains(span.parentSpanId())) {
        orphans++;
      }
    }
    List<ServiceSummary> services = new ArrayList<>(perService.size());
    perService.forEach(
        (name, counts) -> services.add(new ServiceSummary(name, counts[0], counts[1])));
    return new TraceSummary(
        trace.traceId().toHex(),
        root == null ? "" : root.resource().serviceName(),
        root == null ? "" : root.name(),
        spans.isEmpty() ? 0 : minStart,
        spans.isEmpty() ? 0 : maxEnd,
        spans.size(),
        errors,
        orphans,
        services);
  }
}
