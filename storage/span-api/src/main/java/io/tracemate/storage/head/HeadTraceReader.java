package io.tracemate.storage.head;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.SpanMatcher;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.TraceSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A store's {@link TraceReader} with the {@link SpanHead} merged in: every read answers as the store would if it
 * already held what the head holds. Spans in both (stored, and not yet let go of by the head) are returned once, as
 * the store returns a span written twice once; a trace is always returned whole, its stored spans and its head
 * spans together.
 *
 * <p>Cost: a trace by ID adds one map lookup per tenant of the scope. A search scans the head's spans of its tenants
 * with {@link SpanMatcher} (the head holds about one refresh interval of spans); traces found only in the head are
 * completed from the store, at most {@code limit} of them. Trace summaries come from the store's index as before,
 * unless the head holds a matching trace: then the result's traces are loaded whole and summarized, since only their
 * spans tell where a head trace ranks among the stored ones.
 */
public final class HeadTraceReader implements TraceReader {
  private final TraceReader store;
  private final SpanHead head;

  public HeadTraceReader(TraceReader store, SpanHead head) {
    this.store = Objects.requireNonNull(store, "store");
    this.head = Objects.requireNonNull(head, "head");
  }

  private record Key(TenantId tenant, TraceId traceId) {}

  /** A candidate of a search: its rank (newest matching start, or longest matching duration) and, once known, its spans. */
  private record Ranked(Key key, long rank, TenantTrace trace) {}

  private static final Comparator<Ranked> ORDER =
      Comparator.comparingLong(Ranked::rank)
          .reversed()
          .thenComparing(r -> r.key().traceId())
          .thenComparing(r -> r.key().tenant());

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    return trace(scope, traceId, Cancellation.none());
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId, Cancellation cancellation) {
    List<TenantTrace> stored = store.trace(scope, traceId, cancellation);
    boolean inHead = false;
    for (TenantId tenant : scope.asSet()) {
      if (!head.trace(tenant, traceId).isEmpty()) {
        inHead = true;
        break;
      }
    }
    if (!inHead) {
      return stored;
    }
    Map<TenantId, TenantTrace> byTenant = new HashMap<>();
    stored.forEach(trace -> byTenant.put(trace.tenant(), trace));
    List<TenantTrace> merged = new ArrayList<>();
    for (TenantId tenant : scope.asSet()) { // the scope's order is the tenants' order
      TenantTrace trace = withHead(tenant, traceId, byTenant.get(tenant));
      if (trace != null) {
        merged.add(trace);
      }
    }
    return List.copyOf(merged);
  }

  /** The stored trace (or none) with the head's spans of it, each distinct span once, by start time. */
  private TenantTrace withHead(TenantId tenant, TraceId traceId, TenantTrace stored) {
    List<Span> fresh = head.trace(tenant, traceId);
    if (fresh.isEmpty()) {
      return stored;
    }
    LinkedHashSet<Span> spans = new LinkedHashSet<>();
    if (stored != null) {
      spans.addAll(stored.spans());
    }
    spans.addAll(fresh);
    List<Span> ordered = new ArrayList<>(spans);
    ordered.sort(Comparator.comparingLong(Span::startEpochNanos));
    return new TenantTrace(tenant, new Trace(traceId, List.copyOf(ordered)));
  }

  @Override
  public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
    return findTraces(scope, query, Cancellation.none());
  }

  @Override
  public List<TenantTrace> findTraces(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    return findTraces(scope, query, cancellation, headMatches(scope, query, cancellation));
  }

  /** @param fresh the head's matching traces and their ranks; taken apart here */
  private List<TenantTrace> findTraces(
      TenantScope scope, TraceQuery query, Cancellation cancellation, Map<Key, Long> fresh) {
    List<TenantTrace> stored = store.findTraces(scope, query, cancellation);
    boolean longestFirst = query.order() == TraceQuery.Order.LONGEST_FIRST;
    List<Ranked> candidates = new ArrayList<>(stored.size() + fresh.size());
    boolean merged = false;
    for (TenantTrace trace : stored) {
      TenantTrace whole = withHead(trace.tenant(), trace.traceId(), trace);
      merged |= whole != trace;
      Key key = new Key(trace.tenant(), trace.traceId());
      fresh.remove(key);
      candidates.add(new Ranked(key, rank(whole, query, longestFirst), whole));
    }
    if (!merged && fresh.isEmpty()) {
      return stored; // the head adds nothing: the store's answer, in the store's order
    }
    fresh.forEach((key, rank) -> candidates.add(new Ranked(key, rank, null)));
    candidates.sort(ORDER);
    List<TenantTrace> found = new ArrayList<>(Math.min(query.limit(), candidates.size()));
    for (Ranked candidate : candidates) {
      if (found.size() == query.limit()) {
        break;
      }
      // A trace only the head matched: its older spans may be stored (a trace is returned whole).
      found.add(
          candidate.trace() != null ? candidate.trace() : complete(candidate.key(), cancellation));
    }
    return List.copyOf(found);
  }

  @Override
  public List<TraceSummary> findTraceSummaries(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    Map<Key, Long> fresh = headMatches(scope, query, cancellation);
    if (!fresh.isEmpty()) {
      return findTraces(scope, query, cancellation, fresh).stream().map(TraceSummary::of).toList();
    }
    List<TraceSummary> summaries = store.findTraceSummaries(scope, query, cancellation);
    List<TraceSummary> merged = null;
    for (int i = 0; i < summaries.size(); i++) {
      TraceSummary summary = summaries.get(i);
      if (!head.trace(summary.tenant(), summary.traceId()).isEmpty()) {
        // Stored, with more spans in the head that did not match (the head matched nothing).
        if (merged == null) {
          merged = new ArrayList<>(summaries);
        }
        merged.set(
            i,
            TraceSummary.of(complete(new Key(summary.tenant(), summary.traceId()), cancellation)));
      }
    }
    return merged == null ? summaries : List.copyOf(merged);
  }

  private TenantTrace complete(Key key, Cancellation cancellation) {
    List<TenantTrace> stored =
        store.trace(TenantScope.of(key.tenant()), key.traceId(), cancellation);
    return withHead(key.tenant(), key.traceId(), stored.isEmpty() ? null : stored.getFirst());
  }

  /** The traces with a head span matching the query, each with the rank of its best matching head span. */
  private Map<Key, Long> headMatches(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    boolean longestFirst = query.order() == TraceQuery.Order.LONGEST_FIRST;
    Map<Key, Long> ranks = new HashMap<>();
    for (TenantId tenant : scope.asSet()) {
      cancellation.check();
      head.forEachSpan(
          tenant,
          span -> {
            if (SpanMatcher.matches(span, query)) {
              long rank = longestFirst ? span.durationNanos() : span.startEpochNanos();
              ranks.merge(new Key(tenant, span.traceId()), rank, Math::max);
            }
          });
    }
    return ranks;
  }

  private static long rank(TenantTrace trace, TraceQuery query, boolean longestFirst) {
    long rank = Long.MIN_VALUE;
    for (Span span : trace.spans()) {
      if (SpanMatcher.matches(span, query)) {
        rank = Math.max(rank, longestFirst ? span.durationNanos() : span.startEpochNanos());
      }
    }
    return rank;
  }

  @Override
  public List<String> serviceNames(TenantScope scope) {
    List<String> stored = store.serviceNames(scope);
    TreeSet<String> names = null;
    for (TenantId tenant : scope.asSet()) {
      if (head.holds(tenant)) {
        if (names == null) {
          names = new TreeSet<>(stored);
        }
        TreeSet<String> into = names;
        head.forEachSpan(tenant, span -> into.add(span.serviceName()));
      }
    }
    return names == null ? stored : List.copyOf(names);
  }

  @Override
  public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
    List<Operation> stored = store.operations(scope, serviceName, spanKind);
    TreeSet<Operation> operations = null;
    for (TenantId tenant : scope.asSet()) {
      if (head.holds(tenant)) {
        if (operations == null) {
          operations = new TreeSet<>(Operation.BY_NAME_THEN_KIND);
          operations.addAll(stored);
        }
        TreeSet<Operation> into = operations;
        head.forEachSpan(
            tenant,
            span -> {
              if (span.serviceName().equals(serviceName)
                  && (spanKind == null || span.kind() == spanKind)) {
                into.add(new Operation(span.name(), span.kind()));
              }
            });
      }
    }
    return operations == null ? stored : List.copyOf(operations);
  }
}
