package io.tracemate.storage;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a search result row shows of one trace: Jaeger's {@code TraceSummary} (jaeger-idl
 * {@code proto/api_v3/query_service.proto}, computed as Jaeger's query service computes it in
 * {@code querysvc/summary.go}), one per trace a search finds, with the tenant the trace belongs to (a trace is one
 * tenant's: {@link TenantTrace}).
 *
 * <ul>
 *   <li>The root is the span without a parent that started first, as in Jaeger. Where Jaeger then leaves the
 *       root empty (the trace lost its root span), the earliest span whose parent is not in the trace names it
 *       instead, as the Jaeger UI names a trace it has loaded, and failing that (parents in a cycle) the earliest
 *       span: a search row that reads "order-service: charge" helps more than a blank one. Equal start times are
 *       decided by the lower span ID, then the service name, so every backend picks the same span.</li>
 *   <li>An orphan is a span whose parent is not in the trace (the trace is incomplete).</li>
 *   <li>An error span has status ERROR; it counts for its own service only, never for its callers.</li>
 *   <li>A span that ends before it starts counts as ending when it starts, so the trace's duration
 *       ({@code maxEndNanos - minStartNanos}) is never negative.</li>
 * </ul>
 *
 * @param tenant whose trace this is
 * @param rootServiceName the root span's service
 * @param rootOperationName the root span's name
 * @param minStartNanos the earliest span start, Unix nanoseconds
 * @param maxEndNanos the latest span end, Unix nanoseconds
 * @param services one entry per service name, sorted by name
 */
public record TraceSummary(
    TenantId tenant,
    TraceId traceId,
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
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(traceId, "traceId");
    services = List.copyOf(services);
  }

  /** Summarizes one tenant's whole trace of at least one span. */
  public static TraceSummary of(TenantTrace trace) {
    Builder<Span> builder = new Builder<>(trace.tenant(), trace.traceId());
    for (Span span : trace.spans()) {
      builder.add(
          span.spanId(),
          span.parentSpanId(),
          span.resource().serviceName(),
          span.startEpochNanos(),
          span.startEpochNanos() + span.durationNanos(),
          span.status().isError(),
          span);
    }
    Span root = builder.root();
    return builder.build(root == null ? "" : root.name());
  }

  /**
   * Builds a summary span by span, for backends that summarize from what their index holds without loading
   * whole spans: everything but the root's name comes from the values given to {@link #add}; the backend then
   * looks up the name of the one span {@link #root()} names by its handle. Each span must be added once (a
   * backend that may hold a span twice removes the copy first). Not thread-safe.
   *
   * @param <H> how the backend finds a span again (a document number, the span itself)
   */
  public static final class Builder<H> {
    private static final Comparator<Entry<?>> EARLIEST =
        Comparator.<Entry<?>>comparingLong(Entry::start)
            .thenComparing((a, b) -> Long.compareUnsigned(a.spanId.value(), b.spanId.value()))
            .thenComparing(Entry::service);

    private final TenantId tenant;
    private final TraceId traceId;
    private final List<Entry<H>> spans = new ArrayList<>();
    private final TreeMap<String, int[]> perService = new TreeMap<>();
    private long minStart = Long.MAX_VALUE;
    private long maxEnd = Long.MIN_VALUE;
    private int errors;
    private Entry<H> root;
    private int orphans = -1;

    public Builder(TenantId tenant, TraceId traceId) {
      this.tenant = tenant;
      this.traceId = traceId;
    }

    /**
     * Adds one span of the trace.
     *
     * @param parentSpanId {@link SpanId#NONE} for a span without a parent
     * @param endNanos the span's end; one before {@code startNanos} counts as {@code startNanos}
     */
    public void add(
        SpanId spanId,
        SpanId parentSpanId,
        String serviceName,
        long startNanos,
        long endNanos,
        boolean error,
        H handle) {
      spans.add(new Entry<>(spanId, parentSpanId, serviceName, startNanos, handle));
      int[] counts = perService.computeIfAbsent(serviceName, name -> new int[2]);
      counts[0]++;
      if (error) {
        counts[1]++;
        errors++;
      }
      minStart = Math.min(minStart, startNanos);
      maxEnd = Math.max(maxEnd, Math.max(startNanos, endNanos));
      orphans = -1;
    }

    /** The handle of the span the summary takes its root from, or null when no span was added. */
    public H root() {
      settle();
      return root == null ? null : root.handle;
    }

    /**
     * The summary of the spans added.
     *
     * @param rootOperationName the name of the span {@link #root()} names
     * @throws IllegalStateException when no span was added
     */
    public TraceSummary build(String rootOperationName) {
      if (spans.isEmpty()) {
        throw new IllegalStateException("trace " + traceId + " has no span to summarize");
      }
      settle();
      List<ServiceSummary> services = new ArrayList<>(perService.size());
      perService.forEach(
          (name, counts) -> services.add(new ServiceSummary(name, counts[0], counts[1])));
      return new TraceSummary(
          tenant,
          traceId,
          root.service,
          rootOperationName,
          minStart,
          maxEnd,
          spans.size(),
          errors,
          orphans,
          services);
    }

    /** Orphans and the root, once every span is known. */
    private void settle() {
      if (orphans >= 0 || spans.isEmpty()) {
        return;
      }
      Set<SpanId> present = new HashSet<>(spans.size() * 2);
      for (Entry<H> span : spans) {
        present.add(span.spanId);
      }
      Entry<H> parentless = null;
      Entry<H> earliestOrphan = null;
      Entry<H> earliest = null;
      int orphanCount = 0;
      for (Entry<H> span : spans) {
        earliest = earlier(earliest, span);
        if (!span.parentSpanId.isValid()) {
          parentless = earlier(parentless, span);
        } else if (!present.contains(span.parentSpanId)) {
          orphanCount++;
          earliestOrphan = earlier(earliestOrphan, span);
        }
      }
      root = parentless != null ? parentless : earliestOrphan != null ? earliestOrphan : earliest;
      orphans = orphanCount;
    }

    private static <H> Entry<H> earlier(Entry<H> best, Entry<H> candidate) {
      return best == null || EARLIEST.compare(candidate, best) < 0 ? candidate : best;
    }

    private record Entry<H>(
        SpanId spanId, SpanId parentSpanId, String service, long start, H handle) {}
  }
}
