package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Service dependency links derived from parent/child spans. */
public interface DependencyContract extends StorageFixture {

  private Instant at(long offsetNanos) {
    long nanos = baseNanos() + offsetNanos;
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /**
   * A realistic RPC chain: A server -> A client -> B server -> B internal -> C server (failed when asked).
   * A->B and B->C cross services; the rest are calls inside one service.
   */
  private List<Span> chain(long offsetNanos, boolean failAtC, boolean failAtB) {
    TraceId traceId = traceId(random());
    long start = baseNanos() + offsetNanos;
    Span aServer =
        span(traceId, spanId(random()), SpanId.NONE, "A", "GET /", start, 1_000)
            .kind(SpanKind.SERVER)
            .build();
    Span aClient =
        span(traceId, spanId(random()), aServer.spanId(), "A", "call B", start + 1, 900)
            .kind(SpanKind.CLIENT)
            .build();
    Span bServer =
        span(traceId, spanId(random()), aClient.spanId(), "B", "serve", start + 2, 800)
            .kind(SpanKind.SERVER)
            .status(failAtB ? new Status(StatusCode.ERROR, "b failed") : Status.UNSET)
            .build();
    Span bInternal =
        span(traceId, spanId(random()), bServer.spanId(), "B", "compute", start + 3, 700).build();
    Span cServer =
        span(traceId, spanId(random()), bInternal.spanId(), "C", "store", start + 4, 600)
            .kind(SpanKind.SERVER)
            .status(failAtC ? new Status(StatusCode.ERROR, "c failed") : Status.UNSET)
            .build();
    return List.of(aServer, aClient, bServer, bInternal, cServer);
  }

  @Test
  default void countsCallsBetweenDifferentServicesOnly() {
    List<Span> spans = new ArrayList<>();
    spans.addAll(chain(0, true, false));
    spans.addAll(chain(1_000_000, false, true));
    spans.addAll(chain(2_000_000, false, false));
    writeAndFlush(spans);

    assertThat(
            backend().dependencyReader().dependencies(TenantScope.DEFAULT, at(0), at(10_000_000)))
        .containsExactly(new DependencyLink("A", "B", 3, 1), new DependencyLink("B", "C", 3, 1));
  }

  @Test
  default void countsOnlySpansThatStartedInTheWindow() {
    long hour = 3_600_000_000_000L;
    List<Span> spans = new ArrayList<>();
    spans.addAll(chain(0, false, false));
    spans.addAll(chain(hour, true, true));
    writeAndFlush(spans);

    assertThat(
            backend()
                .dependencyReader()
                .dependencies(TenantScope.DEFAULT, at(hour - 1), at(hour + 10_000)))
        .containsExactly(new DependencyLink("A", "B", 1, 1), new DependencyLink("B", "C", 1, 1));
    assertThat(backend().dependencyReader().dependencies(TenantScope.DEFAULT, at(-hour), at(hour)))
        .containsExactly(new DependencyLink("A", "B", 1, 0), new DependencyLink("B", "C", 1, 0));
    assertThat(
            backend()
                .dependencyReader()
                .dependencies(TenantScope.DEFAULT, at(-2 * hour), at(-hour)))
        .isEmpty();
  }

  @Test
  default void duplicateSpansDoNotInflateCounts() {
    List<Span> spans = chain(0, true, false);
    write(spans);
    write(spans);
    flush();
    write(spans.subList(2, 5));
    flush();

    assertThat(
            backend().dependencyReader().dependencies(TenantScope.DEFAULT, at(0), at(10_000_000)))
        .containsExactly(new DependencyLink("A", "B", 1, 0), new DependencyLink("B", "C", 1, 1));
  }

  @Test
  default void linksParentsAndChildrenWrittenInSeparateBatches() {
    List<Span> spans = chain(0, false, false);
    for (Span span : spans.reversed()) {
      writeAndFlush(List.of(span));
    }

    assertThat(
            backend().dependencyReader().dependencies(TenantScope.DEFAULT, at(0), at(10_000_000)))
        .containsExactly(new DependencyLink("A", "B", 1, 0), new DependencyLink("B", "C", 1, 0));
  }
}
