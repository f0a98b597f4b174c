package io.tracemate.storage.memory;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.SpanMatcher;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * {@link TraceReader} over a {@link SpanTable}: every search scans every trace of the scope's tenants (the table
 * hands out no other). Thread-safe.
 */
final class InMemoryTraceReader implements TraceReader {
  private final SpanTable table;

  InMemoryTraceReader(SpanTable table) {
    this.table = table;
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    return table.trace(scope, traceId);
  }

  /** A trace with the value the query orders by: its newest matching start, or its longest matching duration. */
  private record Ranked(TenantTrace trace, long rank) {}

  private static final Comparator<Ranked> ORDER =
      Comparator.comparingLong(Ranked::rank)
          .reversed()
          // Ties in trace ID order, then tenant, so that the same data always answers the same.
          .thenComparing(r -> r.trace().traceId())
          .thenComparing(r -> r.trace().tenant());

  @Override
  public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
    boolean longestFirst = query.order() == TraceQuery.Order.LONGEST_FIRST;
    List<Ranked> found = new ArrayList<>();
    for (TenantTrace trace : table.traces(scope)) {
      long rank = Long.MIN_VALUE;
      boolean matched = false;
      for (Span span : trace.spans()) {
        if (SpanMatcher.matches(span, query)) {
          matched = true;
          rank = Math.max(rank, longestFirst ? span.durationNanos() : span.startEpochNanos());
        }
      }
      if (matched) {
        found.add(new Ranked(trace, rank));
      }
    }
    found.sort(ORDER);
    return found.stream().limit(query.limit()).map(Ranked::trace).toList();
  }

  @Override
  public List<String> serviceNames(TenantScope scope) {
    TreeSet<String> names = new TreeSet<>();
    for (TenantTrace trace : table.traces(scope)) {
      trace.spans().forEach(span -> names.add(span.serviceName()));
    }
    return List.copyOf(names);
  }

  @Override
  public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
    TreeSet<Operation> operations = new TreeSet<>(Operation.BY_NAME_THEN_KIND);
    for (TenantTrace trace : table.traces(scope)) {
      for (Span span : trace.spans()) {
        if (span.serviceName().equals(serviceName)
            && (spanKind == null || span.kind() == spanKind)) {
          operations.add(new Operation(span.name(), span.kind()));
        }
      }
    }
    return List.copyOf(operations);
  }
}
