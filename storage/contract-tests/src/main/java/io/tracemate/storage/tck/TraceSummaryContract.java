package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceSummary;
import io.tracemate.storage.TraceSummary.ServiceSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Trace summaries ({@code TraceReader.findTraceSummaries}): one per trace the same search finds, in its order,
 * equal to the summary of the whole trace, whatever shortcut the backend takes.
 */
public interface TraceSummaryContract extends StorageFixture {

  private List<TraceSummary> summaries(TraceQuery query) {
    return reader().findTraceSummaries(query, Cancellation.none());
  }

  /** What the backend must answer: the summaries of the traces the same search returns. */
  private List<TraceSummary> summariesOfWholeTraces(TraceQuery query) {
    return backend().traceReader().findTraces(TenantScope.DEFAULT, query).stream()
        .map(TraceSummary::of)
        .toList();
  }

  private static Span.Builder error(Span.Builder span) {
    return span.status(new Status(StatusCode.ERROR, "failed"));
  }

  @Test
  default void everyFieldOfATraceAcrossServicesWithErrorsAndAnOrphan() {
    TraceId id = traceId(random());
    long t0 = baseNanos();
    SpanId root = spanId(random());
    SpanId call = spanId(random());
    SpanId lostParent = spanId(random());
    List<Span> spans =
        List.of(
            span(id, root, SpanId.NONE, "frontend", "GET /dispatch", t0, 200_000_000)
                .kind(SpanKind.SERVER)
                .build(),
            span(id, call, root, "frontend", "find driver", t0 + 5_000_000, 150_000_000)
                .kind(SpanKind.CLIENT)
                .build(),
            error(span(id, spanId(random()), call, "driver", "find driver", t0 + 8_000_000, 1_000))
                .kind(SpanKind.SERVER)
                .build(),
            // The latest end belongs to a span whose parent never arrived.
            error(
                    span(
                        id,
                        spanId(random()),
                        lostParent,
                        "redis",
                        "GET",
                        t0 + 9_000_000,
                        900_000_000))
                .build());
    writeAndFlush(spans);

    assertThat(summaries(TraceQuery.builder().serviceName("driver").build()))
        .containsExactly(
            new TraceSummary(
                TenantId.DEFAULT,
                id,
                "frontend",
                "GET /dispatch",
                t0,
                t0 + 909_000_000,
                4,
                2,
                1,
                List.of(
                    new ServiceSummary("driver", 1, 1),
                    new ServiceSummary("frontend", 2, 0),
                    new ServiceSummary("redis", 1, 1))));
  }

  @Test
  default void aTraceWithoutItsRootIsNamedAfterItsEarliestOrphan() {
    TraceId id = traceId(random());
    long t0 = baseNanos();
    SpanId orphan = spanId(random());
    writeAndFlush(
        List.of(
            span(id, spanId(random()), orphan, "inventory", "SELECT", t0 + 2_000, 1_000).build(),
            span(id, orphan, spanId(random()), "orders", "reserve", t0 + 1_000, 5_000).build(),
            span(id, spanId(random()), spanId(random()), "billing", "charge", t0 + 3_000, 1_000)
                .build()));

    TraceSummary summary = summaries(TraceQuery.builder().build()).getFirst();
    assertThat(summary.rootServiceName()).isEqualTo("orders");
    assertThat(summary.rootOperationName()).isEqualTo("reserve");
    assertThat(summary.orphanSpanCount()).isEqualTo(2);
    assertThat(summary.minStartNanos()).isEqualTo(t0 + 1_000);
    assertThat(summary.maxEndNanos()).isEqualTo(t0 + 6_000);
  }

  @Test
  default void aSpanStoredTwiceCountsOnce() {
    TraceId id = traceId(random());
    Span root = span(id, spanId(random()), SpanId.NONE, "api", "GET /", baseNanos(), 1_000).build();
    Span child =
        error(span(id, spanId(random()), root.spanId(), "api", "query", baseNanos() + 10, 100))
            .build();
    writeAndFlush(List.of(root, child));
    // A client's retry or a WAL replay delivers the same spans again.
    writeAndFlush(List.of(child, root));

    TraceSummary summary = summaries(TraceQuery.builder().build()).getFirst();
    assertThat(summary.spanCount()).isEqualTo(2);
    assertThat(summary.errorSpanCount()).isEqualTo(1);
    assertThat(summary.services()).containsExactly(new ServiceSummary("api", 2, 1));
  }

  @Test
  default void summariesFollowTheSearchsOrderLimitAndCriteria() {
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      TraceId id = traceId(random());
      Span root =
          span(
                  id,
                  spanId(random()),
                  SpanId.NONE,
                  i % 3 == 0 ? "checkout" : "search",
                  "GET /" + i,
                  baseNanos() + random().nextInt(1_000_000) * 1_000L,
                  random().nextInt(1, 5_000_000))
              .build();
      spans.add(root);
      int children = random().nextInt(6);
      for (int c = 0; c < children; c++) {
        Span.Builder child =
            span(
                id,
                spanId(random()),
                random().nextInt(4) == 0 ? spanId(random()) : root.spanId(),
                "db-" + random().nextInt(3),
                "query",
                root.startEpochNanos() + random().nextInt(1_000_000),
                random().nextInt(0, 10_000_000));
        spans.add(random().nextBoolean() ? error(child).build() : child.build());
      }
    }
    writeAndFlush(spans);

    for (TraceQuery query :
        List.of(
            TraceQuery.builder().limit(100).build(),
            TraceQuery.builder().limit(7).build(),
            TraceQuery.builder().serviceName("checkout").limit(100).build(),
            TraceQuery.builder().serviceName("db-1").operationName("query").limit(4).build(),
            TraceQuery.builder().durationMinNanos(2_000_000).limit(100).build(),
            TraceQuery.builder().order(TraceQuery.Order.LONGEST_FIRST).limit(5).build())) {
      assertThat(summaries(query)).as(query.toString()).isEqualTo(summariesOfWholeTraces(query));
    }
    assertThat(summaries(TraceQuery.builder().limit(100).build())).hasSize(30);
    assertThat(summaries(TraceQuery.builder().serviceName("nobody").build())).isEmpty();
  }

  @Test
  default void aCancelledSummarySearchStops() {
    writeAndFlush(
        List.of(
            span(traceId(random()), spanId(random()), SpanId.NONE, "api", "GET /", baseNanos(), 1)
                .build()));
    Cancellation cancelled = Cancellation.withTimeout(Duration.ofMinutes(1));
    cancelled.cancel();
    assertThatThrownBy(() -> reader().findTraceSummaries(TraceQuery.builder().build(), cancelled))
        .isInstanceOf(CancelledException.class);
  }
}
