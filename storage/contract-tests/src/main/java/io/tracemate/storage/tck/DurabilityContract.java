package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TraceQuery;
import io.tracemate.testing.TestSpans;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What survives a restart, and what retention removes. */
public interface DurabilityContract extends StorageFixture {

  private static Instant instantOf(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  private static long nanosOf(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private List<Span> twoServiceTrace(TraceId traceId, long startNanos) {
    Span root =
        span(traceId, spanId(random()), SpanId.NONE, "web", "GET /", startNanos, 2_000)
            .kind(SpanKind.SERVER)
            .build();
    Span child =
        span(traceId, spanId(random()), root.spanId(), "db", "SELECT", startNanos + 10, 1_000)
            .kind(SpanKind.SERVER)
            .build();
    return List.of(root, child);
  }

  @Test
  default void everythingSurvivesFlushCloseAndReopen() {
    assumeTrue(persistent(), "the backend keeps nothing across a reopen");
    TraceId traceId = traceId(random());
    List<Span> spans = twoServiceTrace(traceId, baseNanos());
    Span full = TestSpans.everyField(random(), traceId, baseNanos() + 100);
    writeAndFlush(List.of(spans.get(0), spans.get(1), full));
    Trace before = reader().trace(traceId).orElseThrow();

    reopen();

    assertThat(reader().trace(traceId)).contains(before);
    assertThat(before.spans()).hasSize(3);
    assertThat(reader().findTraces(TraceQuery.builder().serviceName("db").build()))
        .containsExactly(before);
    assertThat(reader().findTraces(TraceQuery.builder().tag("http.method", "GET").build()))
        .containsExactly(before);
    assertThat(reader().serviceNames()).containsExactly("checkout", "db", "web");
    assertThat(reader().operations("web", null))
        .containsExactly(new Operation("GET /", SpanKind.SERVER));
    assertThat(
            backend()
                .dependencyReader()
                .dependencies(
                    TenantScope.DEFAULT, instantOf(baseNanos()), instantOf(baseNanos() + 1_000)))
        .containsExactly(new DependencyLink("web", "db", 1, 0));
    assertThat(backend().stats().spanCount()).isGreaterThanOrEqualTo(3);
    assertThat(backend().stats().bytesOnDisk()).isPositive();
  }

  @Test
  default void closeMakesUnflushedWritesDurable() {
    assumeTrue(persistent(), "the backend keeps nothing across a reopen");
    TraceId traceId = traceId(random());
    List<Span> spans = twoServiceTrace(traceId, baseNanos());
    write(spans);

    reopen();

    assertThat(reader().trace(traceId)).contains(TestSpans.expectedTrace(traceId, spans));
  }

  @Test
  default void retentionDropsOldDataAndKeepsNewData() {
    Duration unit = retentionGranularity();
    long now = nanosOf(Instant.now());
    long old = now - 10 * unit.toNanos();
    TraceId oldTrace = traceId(random());
    TraceId newTrace = traceId(random());
    Span retired =
        span(oldTrace, spanId(random()), SpanId.NONE, "retired", "legacy", old, 1_000).build();
    writeAt(List.of(retired), instantOf(old));
    List<Span> fresh = twoServiceTrace(newTrace, now - 1_000_000_000L);
    write(fresh);
    flush();
    assertThat(reader().trace(oldTrace)).isPresent();

    int dropped = backend().enforceRetention(instantOf(now - 3 * unit.toNanos()));

    assertThat(dropped).isPositive();
    assertThat(reader().trace(oldTrace)).isEmpty();
    assertThat(reader().trace(newTrace)).contains(TestSpans.expectedTrace(newTrace, fresh));
    assertThat(reader().findTraces(TraceQuery.builder().limit(100).build()))
        .extracting(Trace::traceId)
        .containsExactly(newTrace);
    assertThat(reader().serviceNames()).doesNotContain("retired").contains("web", "db");
    assertThat(
            backend()
                .dependencyReader()
                .dependencies(TenantScope.DEFAULT, instantOf(old - 1), instantOf(now)))
        .containsExactly(new DependencyLink("web", "db", 1, 0));

    reopenIfPersistent();

    assertThat(reader().trace(oldTrace)).isEmpty();
    assertThat(reader().trace(newTrace)).contains(TestSpans.expectedTrace(newTrace, fresh));
    assertThat(backend().enforceRetention(instantOf(now - 3 * unit.toNanos()))).isZero();
  }

  @Test
  default void retentionNeverReturnsATracePartially() {
    Duration unit = retentionGranularity();
    long now = nanosOf(Instant.now());
    long old = now - 10 * unit.toNanos();
    // Long-running traces whose spans started on both sides of the cutoff, written in either order.
    TraceId rootFirst = traceId(random());
    TraceId childFirst = traceId(random());
    List<Span> rootFirstSpans = longTrace(rootFirst, old, now);
    List<Span> childFirstSpans = longTrace(childFirst, old, now);
    writeAt(rootFirstSpans, instantOf(old));
    writeAt(childFirstSpans.reversed(), instantOf(now));
    flush();

    backend().enforceRetention(instantOf(now - 3 * unit.toNanos()));

    assertWholeOrAbsent(reader().trace(rootFirst), rootFirstSpans);
    assertWholeOrAbsent(reader().trace(childFirst), childFirstSpans);
    for (Trace trace : reader().findTraces(TraceQuery.builder().limit(100).build())) {
      assertThat(trace.spans()).hasSize(3);
    }
    reopenIfPersistent();
    assertWholeOrAbsent(reader().trace(rootFirst), rootFirstSpans);
    assertWholeOrAbsent(reader().trace(childFirst), childFirstSpans);
  }

  private List<Span> longTrace(TraceId traceId, long oldNanos, long nowNanos) {
    Span root =
        span(
                traceId,
                spanId(random()),
                SpanId.NONE,
                "batch",
                "nightly",
                oldNanos,
                nowNanos - oldNanos)
            .build();
    Span early =
        span(traceId, spanId(random()), root.spanId(), "batch", "step 1", oldNanos + 5, 10).build();
    Span late =
        span(traceId, spanId(random()), root.spanId(), "batch", "step 2", nowNanos - 5_000, 10)
            .build();
    return List.of(root, early, late);
  }

  private static void assertWholeOrAbsent(Optional<Trace> trace, List<Span> spans) {
    trace.ifPresent(t -> assertThat(t.spans()).containsExactlyInAnyOrderElementsOf(spans));
  }
}
