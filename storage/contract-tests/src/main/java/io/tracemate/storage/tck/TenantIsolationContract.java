package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.TraceSummary;
import io.tracemate.testing.TestSpans;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tenants never see each other's spans: a write for A is invisible to a read as B by every read (trace by ID,
 * search, trace summaries, services, operations, dependencies); a read over A|B sees both and each trace (and each
 * summary) says its tenant; one trace ID sent for A and for B is two traces. Runs against every backend, like the
 * rest of the suite.
 */
public interface TenantIsolationContract extends StorageFixture {
  TenantId A = TenantId.parse("tenant-a");
  TenantId B = TenantId.parse("tenant-b");
  TenantScope ONLY_A = TenantScope.of(A);
  TenantScope ONLY_B = TenantScope.of(B);
  TenantScope A_AND_B = TenantScope.of(A, B);

  private TraceReader tenantReader() {
    return backend().traceReader();
  }

  private Span spanOf(TraceId traceId, String service, String name, long offsetNanos) {
    return span(
            traceId, spanId(random()), SpanId.NONE, service, name, baseNanos() + offsetNanos, 50)
        .kind(SpanKind.SERVER)
        .build();
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Test
  default void aTenantsSpansAreInvisibleToAnotherTenant() {
    TraceId ofA = traceId(random());
    TraceId ofB = traceId(random());
    Span checkout = spanOf(ofA, "checkout", "pay", 0);
    Span billing = spanOf(ofB, "billing", "invoice", 10);
    write(A, List.of(checkout));
    write(B, List.of(billing));
    flush();
    reopenIfPersistent();

    TraceReader reader = tenantReader();
    assertThat(reader.trace(ONLY_B, ofA)).isEmpty();
    assertThat(reader.trace(ONLY_A, ofB)).isEmpty();
    assertThat(reader.findTraces(ONLY_B, TraceQuery.builder().build()))
        .extracting(TenantTrace::traceId)
        .containsExactly(ofB);
    assertThat(reader.findTraces(ONLY_B, TraceQuery.builder().serviceName("checkout").build()))
        .isEmpty();
    assertThat(reader.findTraces(ONLY_B, TraceQuery.builder().traceIdPrefix(ofA.toHex()).build()))
        .isEmpty();
    assertThat(reader.serviceNames(ONLY_A)).containsExactly("checkout");
    assertThat(reader.serviceNames(ONLY_B)).containsExactly("billing");
    assertThat(reader.operations(ONLY_B, "checkout", null)).isEmpty();
    assertThat(reader.operations(ONLY_A, "checkout", null))
        .containsExactly(new Operation("pay", SpanKind.SERVER));
    assertThat(reader.trace(ONLY_A, ofA))
        .containsExactly(new TenantTrace(A, TestSpans.expectedTrace(ofA, List.of(checkout))));
    TraceQuery pay = TraceQuery.builder().serviceName("checkout").operationName("pay").build();
    assertThat(reader.findTraces(ONLY_A, pay))
        .extracting(TenantTrace::traceId)
        .containsExactly(ofA);
    assertThat(reader.findTraces(ONLY_B, pay)).isEmpty();
    assertThat(reader.findTraces(TenantScope.DEFAULT, pay)).isEmpty();
  }

  @Test
  default void theDefaultTenantSeesNoneOfTheNamedTenants() {
    TraceId ofA = traceId(random());
    write(A, List.of(spanOf(ofA, "checkout", "pay", 0)));
    flush();

    assertThat(reader().trace(ofA)).isEmpty();
    assertThat(reader().findTraces(TraceQuery.builder().build())).isEmpty();
    assertThat(reader().serviceNames()).isEmpty();
  }

  @Test
  default void aScopeOfTwoTenantsSeesBothAndEachTraceSaysItsTenant() {
    TraceId ofA = traceId(random());
    TraceId ofB = traceId(random());
    write(A, List.of(spanOf(ofA, "checkout", "pay", 0)));
    write(B, List.of(spanOf(ofB, "billing", "invoice", 10)));
    flush();

    TraceReader reader = tenantReader();
    assertThat(reader.findTraces(A_AND_B, TraceQuery.builder().build()))
        .extracting(TenantTrace::tenant, TenantTrace::traceId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(B, ofB),
            org.assertj.core.groups.Tuple.tuple(A, ofA));
    assertThat(reader.trace(A_AND_B, ofA)).extracting(TenantTrace::tenant).containsExactly(A);
    assertThat(reader.serviceNames(A_AND_B)).containsExactly("billing", "checkout");
    assertThat(reader.operations(A_AND_B, "billing", SpanKind.SERVER))
        .containsExactly(new Operation("invoice", SpanKind.SERVER));
  }

  @Test
  default void aScopeOfTheDefaultTenantAndANamedOneSeesBoth() {
    TraceId ofDefault = traceId(random());
    TraceId ofA = traceId(random());
    write(List.of(spanOf(ofDefault, "legacy", "get", 0)));
    write(A, List.of(spanOf(ofA, "checkout", "pay", 10)));
    flush();
    reopenIfPersistent();

    TenantScope defaultAndA = TenantScope.of(TenantId.DEFAULT, A);
    assertThat(tenantReader().findTraces(defaultAndA, TraceQuery.builder().build()))
        .extracting(TenantTrace::tenant)
        .containsExactly(A, TenantId.DEFAULT);
    assertThat(
            tenantReader()
                .findTraces(
                    defaultAndA,
                    TraceQuery.builder().serviceName("legacy").operationName("get").build()))
        .extracting(TenantTrace::traceId)
        .containsExactly(ofDefault);
    assertThat(tenantReader().serviceNames(defaultAndA)).containsExactly("checkout", "legacy");
    assertThat(tenantReader().serviceNames(ONLY_A)).containsExactly("checkout");
  }

  @Test
  default void oneTraceIdSentForTwoTenantsIsTwoTraces() {
    TraceId shared = traceId(random());
    Span forA = spanOf(shared, "checkout", "pay", 0);
    Span forB = spanOf(shared, "billing", "invoice", 5);
    write(A, List.of(forA));
    write(B, List.of(forB));
    flush();
    reopenIfPersistent();

    TraceReader reader = tenantReader();
    assertThat(reader.trace(A_AND_B, shared))
        .containsExactly(
            new TenantTrace(A, TestSpans.expectedTrace(shared, List.of(forA))),
            new TenantTrace(B, TestSpans.expectedTrace(shared, List.of(forB))));
    assertThat(reader.trace(ONLY_B, shared))
        .containsExactly(new TenantTrace(B, TestSpans.expectedTrace(shared, List.of(forB))));
    assertThat(reader.findTraces(A_AND_B, TraceQuery.builder().build()))
        .containsExactly(
            new TenantTrace(B, TestSpans.expectedTrace(shared, List.of(forB))),
            new TenantTrace(A, TestSpans.expectedTrace(shared, List.of(forA))));
    assertThat(reader.findTraces(A_AND_B, TraceQuery.builder().limit(1).build()))
        .extracting(TenantTrace::tenant)
        .containsExactly(B);
    assertThat(reader.findTraces(ONLY_A, TraceQuery.builder().serviceName("billing").build()))
        .isEmpty();
  }

  @Test
  default void traceSummariesCoverTheScopesTenantsOnlyAndSayWhoseEachTraceIs() {
    TraceId ofA = traceId(random());
    TraceId ofB = traceId(random());
    TraceId shared = traceId(random());
    Span checkout = spanOf(ofA, "checkout", "pay", 0);
    Span sharedOfA = spanOf(shared, "checkout", "refund", 5);
    Span billing = spanOf(ofB, "billing", "invoice", 10);
    // The same trace ID for B, with its own root and an error: nothing of it may reach A's summary.
    Span sharedOfB =
        span(shared, spanId(random()), SpanId.NONE, "ledger", "post", baseNanos() + 15, 70)
            .status(new Status(StatusCode.ERROR, "rejected"))
            .build();
    write(A, List.of(checkout, sharedOfA));
    write(B, List.of(billing, sharedOfB));
    flush();
    reopenIfPersistent();

    TraceReader reader = tenantReader();
    assertThat(summaries(reader, ONLY_A, TraceQuery.builder().build()))
        .containsExactly(
            summary(A, shared, List.of(sharedOfA)), summary(A, ofA, List.of(checkout)));
    assertThat(summaries(reader, ONLY_B, TraceQuery.builder().serviceName("checkout").build()))
        .isEmpty();
    assertThat(summaries(reader, ONLY_B, TraceQuery.builder().traceIdPrefix(ofA.toHex()).build()))
        .isEmpty();
    assertThat(summaries(reader, TenantScope.DEFAULT, TraceQuery.builder().build())).isEmpty();
    assertThat(summaries(reader, A_AND_B, TraceQuery.builder().build()))
        .containsExactly(
            summary(B, shared, List.of(sharedOfB)),
            summary(B, ofB, List.of(billing)),
            summary(A, shared, List.of(sharedOfA)),
            summary(A, ofA, List.of(checkout)));
    assertThat(summaries(reader, A_AND_B, TraceQuery.builder().serviceName("ledger").build()))
        .containsExactly(summary(B, shared, List.of(sharedOfB)));
  }

  private static List<TraceSummary> summaries(
      TraceReader reader, TenantScope scope, TraceQuery query) {
    return reader.findTraceSummaries(scope, query, Cancellation.none());
  }

  private static TraceSummary summary(TenantId tenant, TraceId traceId, List<Span> spans) {
    return TraceSummary.of(new TenantTrace(tenant, TestSpans.expectedTrace(traceId, spans)));
  }

  @Test
  default void dependenciesJoinSpansWithinOneTenantOnly() {
    TraceId shared = traceId(random());
    Span parentOfA =
        span(shared, spanId(random()), SpanId.NONE, "frontend", "GET /", baseNanos(), 100)
            .kind(SpanKind.CLIENT)
            .build();
    Span childOfA =
        span(shared, spanId(random()), parentOfA.spanId(), "cart", "get", baseNanos() + 1, 50)
            .kind(SpanKind.SERVER)
            .build();
    // B's span claims A's span as its parent: it must not make a link across tenants.
    Span childOfB =
        span(shared, spanId(random()), parentOfA.spanId(), "ledger", "post", baseNanos() + 2, 50)
            .kind(SpanKind.SERVER)
            .build();
    write(A, List.of(parentOfA, childOfA));
    write(B, List.of(childOfB));
    flush();

    Instant from = instant(baseNanos() - 1_000_000_000L);
    Instant to = instant(baseNanos() + 1_000_000_000L);
    assertThat(backend().dependencyReader().dependencies(ONLY_A, from, to))
        .containsExactly(new DependencyLink("frontend", "cart", 1, 0));
    assertThat(backend().dependencyReader().dependencies(ONLY_B, from, to)).isEmpty();
    assertThat(backend().dependencyReader().dependencies(A_AND_B, from, to))
        .containsExactly(new DependencyLink("frontend", "cart", 1, 0));
  }
}
