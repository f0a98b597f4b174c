package io.tracemate.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceSummary;
import io.tracemate.storage.head.HeadTraceReader;
import io.tracemate.storage.head.SpanHead;
import io.tracemate.storage.head.SpanHeadLimits;
import io.tracemate.testing.TestSpans;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The span head merged with a store (the in-memory reference, which answers every query by the definitions): reads
 * answer as the store would if it already held what the head holds.
 */
class HeadTraceReaderTest {
  private static final TenantId A = new TenantId("team-a");
  private static final TenantId B = new TenantId("team-b");
  private static final TraceId STORED_AND_FRESH = new TraceId(1, 1);
  private static final TraceId FRESH_ONLY = new TraceId(1, 2);
  private static final TraceId STORED_ONLY = new TraceId(1, 3);

  private final InMemoryStorage store = new InMemoryStorage();
  private final SpanHead head = new SpanHead(SpanHeadLimits.DEFAULTS);
  private final HeadTraceReader reader = new HeadTraceReader(store.traceReader(), head);
  private long sequence;

  private static Span span(
      TraceId trace, long id, String service, String name, long start, long duration) {
    return TestSpans.span(trace, new SpanId(id), SpanId.NONE, service, name, start, duration)
        .kind(SpanKind.SERVER)
        .build();
  }

  private void fresh(TenantId tenant, Span... spans) {
    head.add(++sequence, tenant, List.of(spans), 1_000L * spans.length);
  }

  @Test
  void aTraceByIdIsItsStoredAndItsHeadSpansEachOnceByStartTime() {
    Span root = span(STORED_AND_FRESH, 1, "web", "GET /", 1_000, 500);
    Span child = span(STORED_AND_FRESH, 2, "db", "SELECT", 1_100, 100);
    Span late = span(STORED_AND_FRESH, 3, "web", "render", 1_050, 10);
    store.write(A, List.of(root, child));
    fresh(A, child, late); // the child is in both: stored, and not yet let go of by the head

    List<TenantTrace> found = reader.trace(TenantScope.of(A), STORED_AND_FRESH);

    assertThat(found).hasSize(1);
    assertThat(found.getFirst().spans()).containsExactly(root, late, child);
    assertThat(reader.trace(TenantScope.of(A), FRESH_ONLY)).isEmpty();
  }

  @Test
  void aTenantSeesOnlyItsOwnHeadSpans() {
    fresh(B, span(FRESH_ONLY, 1, "web", "GET /", 1_000, 10));

    assertThat(reader.trace(TenantScope.of(A), FRESH_ONLY)).isEmpty();
    assertThat(reader.findTraces(TenantScope.of(A), TraceQuery.builder().build())).isEmpty();
    assertThat(reader.serviceNames(TenantScope.of(A))).isEmpty();
    assertThat(reader.trace(TenantScope.of(A, B), FRESH_ONLY))
        .extracting(TenantTrace::tenant)
        .containsExactly(B);
  }

  @Test
  void aSearchRanksHeadAndStoredTracesTogetherAndReturnsEachWhole() {
    store.write(A, List.of(span(STORED_ONLY, 1, "web", "GET /", 2_000, 10)));
    store.write(A, List.of(span(STORED_AND_FRESH, 1, "web", "GET /", 1_000, 10)));
    fresh(A, span(STORED_AND_FRESH, 2, "web", "GET /", 3_000, 10)); // now the newest match
    fresh(A, span(FRESH_ONLY, 1, "web", "GET /", 2_500, 10));
    Span freshChild = span(FRESH_ONLY, 2, "db", "SELECT", 2_600, 5);
    fresh(A, freshChild);
    Span storedChild = span(FRESH_ONLY, 3, "db", "INSERT", 2_700, 5);
    store.write(A, List.of(storedChild)); // a span of a head trace already stored

    List<TenantTrace> found =
        reader.findTraces(TenantScope.of(A), TraceQuery.builder().serviceName("web").build());

    assertThat(found)
        .extracting(TenantTrace::traceId)
        .containsExactly(STORED_AND_FRESH, FRESH_ONLY, STORED_ONLY);
    assertThat(found.get(1).spans()).hasSize(3).contains(freshChild, storedChild);
    assertThat(
            reader.findTraces(
                TenantScope.of(A), TraceQuery.builder().serviceName("web").limit(2).build()))
        .extracting(TenantTrace::traceId)
        .containsExactly(STORED_AND_FRESH, FRESH_ONLY);
    assertThat(
            reader.findTraces(
                TenantScope.of(A),
                TraceQuery.builder().serviceName("db").operationName("SELECT").build()))
        .extracting(TenantTrace::traceId)
        .containsExactly(FRESH_ONLY);
  }

  @Test
  void longestFirstRanksByTheLongestMatchingSpanOfBoth() {
    store.write(A, List.of(span(STORED_ONLY, 1, "web", "GET /", 1_000, 500)));
    fresh(A, span(FRESH_ONLY, 1, "web", "GET /", 2_000, 900));
    fresh(A, span(STORED_AND_FRESH, 1, "web", "GET /", 3_000, 100));

    List<TenantTrace> found =
        reader.findTraces(
            TenantScope.of(A),
            TraceQuery.builder().order(TraceQuery.Order.LONGEST_FIRST).limit(2).build());

    assertThat(found).extracting(TenantTrace::traceId).containsExactly(FRESH_ONLY, STORED_ONLY);
  }

  @Test
  void summariesAreThoseOfTheWholeMergedTraces() {
    store.write(A, List.of(span(STORED_ONLY, 1, "web", "GET /", 1_000, 10)));
    store.write(A, List.of(span(STORED_AND_FRESH, 1, "web", "GET /", 500, 10)));
    fresh(A, span(STORED_AND_FRESH, 2, "db", "SELECT", 600, 10)); // matches no search for web
    fresh(A, span(FRESH_ONLY, 1, "web", "POST /pay", 2_000, 10));
    TraceQuery web = TraceQuery.builder().serviceName("web").build();

    List<TraceSummary> summaries =
        reader.findTraceSummaries(TenantScope.of(A), web, Cancellation.none());

    assertThat(summaries)
        .containsExactlyElementsOf(
            reader.findTraces(TenantScope.of(A), web).stream().map(TraceSummary::of).toList());
    assertThat(summaries)
        .extracting(TraceSummary::traceId)
        .containsExactly(FRESH_ONLY, STORED_ONLY, STORED_AND_FRESH);
    assertThat(summaries.get(2).spanCount()).isEqualTo(2);

    // The head matches nothing of this search: the store's summaries, one completed with its head
    // span.
    TraceQuery get = TraceQuery.builder().serviceName("web").operationName("GET /").build();
    assertThat(reader.findTraceSummaries(TenantScope.of(A), get, Cancellation.none()))
        .extracting(TraceSummary::traceId, TraceSummary::spanCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(STORED_ONLY, 1),
            org.assertj.core.groups.Tuple.tuple(STORED_AND_FRESH, 2));
  }

  @Test
  void servicesAndOperationsIncludeTheHeads() {
    store.write(A, List.of(span(STORED_ONLY, 1, "web", "GET /", 1_000, 10)));
    fresh(A, span(FRESH_ONLY, 1, "web", "POST /pay", 2_000, 10));
    fresh(A, span(FRESH_ONLY, 2, "ledger", "append", 2_100, 10));

    assertThat(reader.serviceNames(TenantScope.of(A))).containsExactly("ledger", "web");
    assertThat(reader.operations(TenantScope.of(A), "web", null))
        .extracting(Operation::name)
        .containsExactly("GET /", "POST /pay");
    assertThat(reader.operations(TenantScope.of(A), "web", SpanKind.CLIENT)).isEmpty();
  }

  @Test
  void whatTheStoreShowsLeavesTheHeadAndMemoryIsBoundedPerTenantAndInAll() {
    // Each batch below costs 2,000 bytes plus the head's own 120 for its one trace.
    SpanHead small = new SpanHead(new SpanHeadLimits(7_000, 5_000));
    small.add(1, A, List.of(span(FRESH_ONLY, 1, "web", "a", 1, 1)), 2_000);
    small.add(2, B, List.of(span(FRESH_ONLY, 1, "web", "b", 1, 1)), 2_000);
    small.add(3, A, List.of(span(STORED_ONLY, 1, "web", "c", 1, 1)), 2_000);
    assertThat(small.spans()).isEqualTo(3);
    assertThat(small.bytes()).isEqualTo(3 * 2_120);
    assertThat(small.spansDroppedEarly()).isZero();

    small.add(4, A, List.of(span(STORED_AND_FRESH, 1, "web", "d", 1, 1)), 2_000);
    assertThat(small.trace(A, FRESH_ONLY)).as("past its tenant's bound, A's oldest went").isEmpty();
    assertThat(small.trace(B, FRESH_ONLY)).extracting(Span::name).containsExactly("b");
    assertThat(small.spansDroppedEarly()).isEqualTo(1);

    small.add(5, B, List.of(span(FRESH_ONLY, 2, "web", "e", 1, 1)), 2_000);
    assertThat(small.bytes()).isLessThanOrEqualTo(7_000);
    assertThat(small.trace(B, FRESH_ONLY))
        .as("past the total bound, the oldest of all went")
        .extracting(Span::name)
        .containsExactly("e");
    assertThat(small.spansDroppedEarly()).isEqualTo(2);

    small.readableThrough(4);
    assertThat(small.spans()).isEqualTo(1);
    assertThat(small.holds(A)).isFalse();
    assertThat(small.trace(B, FRESH_ONLY)).extracting(Span::name).containsExactly("e");
    small.readableThrough(5);
    assertThat(small.spans()).isZero();
    assertThat(small.bytes()).isZero();
    assertThat(small.spansDroppedEarly()).as("what the store showed is not counted").isEqualTo(2);
  }
}
