package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.resource;
import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Attribute;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trace search: every criterion, AND on one span, ordering, limit, whole traces. */
public interface FindTracesContract extends StorageFixture {

  private List<TraceId> find(TraceQuery.Builder query) {
    return reader().findTraces(query.build()).stream().map(Trace::traceId).toList();
  }

  private Span.Builder rootSpan(TraceId traceId, String service, String name, long offsetNanos) {
    return span(
        traceId,
        spanId(random()),
        SpanId.NONE,
        service,
        name,
        baseNanos() + offsetNanos,
        1_000_000);
  }

  @Test
  default void anEmptyStoreAnswersEveryReadWithNothing() {
    assertThat(reader().findTraces(TraceQuery.builder().build())).isEmpty();
    assertThat(reader().findTraces(TraceQuery.builder().serviceName("svc").tag("k", "v").build()))
        .isEmpty();
    assertThat(reader().trace(traceId(random()))).isEmpty();
    assertThat(reader().serviceNames()).isEmpty();
    assertThat(reader().operations("svc", null)).isEmpty();
    assertThat(
            backend()
                .dependencyReader()
                .dependencies(TenantScope.DEFAULT, Instant.EPOCH, Instant.now()))
        .isEmpty();
    flush();
    assertThat(backend().stats().spanCount()).isZero();
  }

  @Test
  default void findsByServiceAnyWhereInTheTrace() {
    TraceId shop = traceId(random());
    TraceId other = traceId(random());
    Span root = rootSpan(shop, "frontend", "GET /", 0).build();
    writeAndFlush(
        List.of(
            root,
            span(shop, spanId(random()), root.spanId(), "backend", "load", baseNanos() + 10, 100)
                .build(),
            rootSpan(other, "other", "job", 20).build()));

    assertThat(find(TraceQuery.builder().serviceName("backend"))).containsExactly(shop);
    assertThat(find(TraceQuery.builder().serviceName("frontend"))).containsExactly(shop);
    assertThat(find(TraceQuery.builder().serviceName("other"))).containsExactly(other);
    assertThat(find(TraceQuery.builder().serviceName("unknown"))).isEmpty();
  }

  @Test
  default void findsByServiceAndOperation() {
    TraceId apiOrders = traceId(random());
    TraceId apiUsers = traceId(random());
    TraceId webOrders = traceId(random());
    writeAndFlush(
        List.of(
            rootSpan(apiOrders, "api", "GET /orders", 0).kind(SpanKind.SERVER).build(),
            rootSpan(apiUsers, "api", "GET /users", 1).build(),
            rootSpan(webOrders, "web", "GET /orders", 2).build()));

    assertThat(find(TraceQuery.builder().serviceName("api").operationName("GET /orders")))
        .containsExactly(apiOrders);
    assertThat(find(TraceQuery.builder().serviceName("web").operationName("GET /orders")))
        .containsExactly(webOrders);
    assertThat(find(TraceQuery.builder().serviceName("web").operationName("GET /users"))).isEmpty();
  }

  @Test
  default void findsByTagsFromEverySource() {
    TraceId spanTag = traceId(random());
    TraceId resourceTag = traceId(random());
    TraceId eventTag = traceId(random());
    writeAndFlush(
        List.of(
            rootSpan(spanTag, "svc", "op", 0)
                .attributes(List.of(Attribute.of("http.method", "POST")))
                .build(),
            rootSpan(resourceTag, "svc", "op", 1)
                .attributes(List.of(Attribute.of("http.method", "GET")))
                .resource(resource("svc", Attribute.of("host.name", "h-2")))
                .build(),
            rootSpan(eventTag, "svc", "op", 2)
                .events(
                    List.of(
                        new SpanEvent(
                            baseNanos() + 5,
                            "exception",
                            List.of(Attribute.of("exception.type", "TimeoutException")),
                            0)))
                .build()));

    assertThat(find(TraceQuery.builder().tag("http.method", "POST"))).containsExactly(spanTag);
    assertThat(find(TraceQuery.builder().serviceName("svc").tag("host.name", "h-2")))
        .containsExactly(resourceTag);
    assertThat(find(TraceQuery.builder().tag("exception.type", "TimeoutException")))
        .containsExactly(eventTag);
    assertThat(find(TraceQuery.builder().tag("http.method", "PUT"))).isEmpty();
  }

  @Test
  default void findsByDerivedTags() {
    TraceId failed = traceId(random());
    TraceId fine = traceId(random());
    TraceId unset = traceId(random());
    writeAndFlush(
        List.of(
            rootSpan(failed, "svc", "call", 0)
                .kind(SpanKind.CLIENT)
                .status(new Status(StatusCode.ERROR, "db down"))
                .build(),
            rootSpan(fine, "svc", "serve", 1)
                .kind(SpanKind.SERVER)
                .status(new Status(StatusCode.OK, ""))
                .scope(new InstrumentationScope("lib-a", "1.0", List.of(), 0))
                .build(),
            rootSpan(unset, "svc", "work", 2).kind(SpanKind.PRODUCER).build()));

    assertThat(find(TraceQuery.builder().tag("error", "true"))).containsExactly(failed);
    assertThat(find(TraceQuery.builder().tag("otel.status_code", "ERROR"))).containsExactly(failed);
    assertThat(find(TraceQuery.builder().tag("otel.status_description", "db down")))
        .containsExactly(failed);
    assertThat(find(TraceQuery.builder().tag("otel.status_code", "OK"))).containsExactly(fine);
    assertThat(find(TraceQuery.builder().tag("span.kind", "server"))).containsExactly(fine);
    assertThat(find(TraceQuery.builder().tag("span.kind", "client"))).containsExactly(failed);
    assertThat(find(TraceQuery.builder().tag("span.kind", "producer"))).containsExactly(unset);
    assertThat(find(TraceQuery.builder().tag("otel.scope.name", "lib-a"))).containsExactly(fine);
    assertThat(find(TraceQuery.builder().tag("otel.scope.version", "1.0"))).containsExactly(fine);
  }

  @Test
  default void matchesNumericAndBooleanAttributesAsText() {
    TraceId typed = traceId(random());
    TraceId other = traceId(random());
    writeAndFlush(
        List.of(
            rootSpan(typed, "svc", "op", 0)
                .attributes(
                    List.of(
                        Attribute.of("http.status_code", 500L),
                        Attribute.of("cache.hit", true),
                        Attribute.of("ratio", 0.5)))
                .build(),
            rootSpan(other, "svc", "op", 1)
                .attributes(
                    List.of(
                        Attribute.of("http.status_code", 200L),
                        Attribute.of("cache.hit", false),
                        Attribute.of("ratio", 1.5)))
                .build()));

    assertThat(find(TraceQuery.builder().tag("http.status_code", "500"))).containsExactly(typed);
    assertThat(find(TraceQuery.builder().tag("cache.hit", "true"))).containsExactly(typed);
    assertThat(find(TraceQuery.builder().tag("ratio", "0.5"))).containsExactly(typed);
    assertThat(find(TraceQuery.builder().tag("cache.hit", "false"))).containsExactly(other);
    assertThat(find(TraceQuery.builder().tag("http.status_code", "501"))).isEmpty();
  }

  @Test
  default void allCriteriaMustHoldOnOneSpan() {
    TraceId split = traceId(random());
    TraceId together = traceId(random());
    Span a = rootSpan(split, "A", "a", 0).attributes(List.of(Attribute.of("x", "1"))).build();
    writeAndFlush(
        List.of(
            a,
            span(split, spanId(random()), a.spanId(), "B", "b", baseNanos() + 5, 10)
                .attributes(List.of(Attribute.of("y", "2")))
                .build(),
            rootSpan(together, "C", "c", 1)
                .attributes(List.of(Attribute.of("x", "1"), Attribute.of("y", "2")))
                .build()));

    assertThat(find(TraceQuery.builder().serviceName("A").tag("x", "1").tag("y", "2"))).isEmpty();
    assertThat(find(TraceQuery.builder().serviceName("A").tag("y", "2"))).isEmpty();
    assertThat(find(TraceQuery.builder().serviceName("A").operationName("b"))).isEmpty();
    assertThat(find(TraceQuery.builder().serviceName("A").tag("x", "1"))).containsExactly(split);
    assertThat(find(TraceQuery.builder().tag("x", "1").tag("y", "2"))).containsExactly(together);
  }

  @Test
  default void filtersByDurationInclusively() {
    TraceId oneMs = traceId(random());
    TraceId fiveMs = traceId(random());
    TraceId tenMs = traceId(random());
    writeAndFlush(
        List.of(
            span(oneMs, spanId(random()), SpanId.NONE, "svc", "op", baseNanos(), 1_000_000).build(),
            span(fiveMs, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 1, 5_000_000)
                .build(),
            span(tenMs, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 2, 10_000_000)
                .build()));

    assertThat(find(TraceQuery.builder().serviceName("svc").durationMinNanos(5_000_000)))
        .containsExactly(tenMs, fiveMs);
    assertThat(find(TraceQuery.builder().serviceName("svc").durationMaxNanos(5_000_000)))
        .containsExactly(fiveMs, oneMs);
    assertThat(find(TraceQuery.builder().durationMinNanos(5_000_000).durationMaxNanos(5_000_000)))
        .containsExactly(fiveMs);
    assertThat(find(TraceQuery.builder().durationMinNanos(10_000_001))).isEmpty();
  }

  @Test
  default void filtersByStartTimeWindowInclusively() {
    long second = 1_000_000_000L;
    TraceId first = traceId(random());
    TraceId middle = traceId(random());
    TraceId last = traceId(random());
    writeAndFlush(
        List.of(
            rootSpan(first, "svc", "op", 0).build(),
            rootSpan(middle, "svc", "op", second).build(),
            rootSpan(last, "svc", "op", 2 * second).build()));

    assertThat(
            find(
                TraceQuery.builder()
                    .startTimeMinNanos(baseNanos() + second)
                    .startTimeMaxNanos(baseNanos() + 2 * second)))
        .containsExactly(last, middle);
    assertThat(
            find(
                TraceQuery.builder()
                    .serviceName("svc")
                    .startTimeMinNanos(baseNanos() + second)
                    .startTimeMaxNanos(baseNanos() + second)))
        .containsExactly(middle);
    assertThat(find(TraceQuery.builder().startTimeMaxNanos(baseNanos() - 1))).isEmpty();
  }

  @Test
  default void returnsNewestFirstAndHonoursTheLimit() {
    List<TraceId> traces = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      TraceId traceId = traceId(random());
      traces.add(traceId);
      spans.add(rootSpan(traceId, "svc", "op", i * 1_000_000_000L).build());
    }
    Collections.shuffle(spans, random());
    writeAndFlush(spans);

    assertThat(find(TraceQuery.builder().serviceName("svc").limit(3)))
        .containsExactly(traces.get(5), traces.get(4), traces.get(3));
    assertThat(find(TraceQuery.builder().limit(1))).containsExactly(traces.get(5));
    assertThat(find(TraceQuery.builder())).containsExactlyElementsOf(traces.reversed());
  }

  @Test
  default void ordersByTheNewestMatchingSpanNotTheNewestSpan() {
    TraceId early = traceId(random());
    TraceId late = traceId(random());
    Span earlyRoot = rootSpan(early, "X", "match", 1_000_000_000L).build();
    writeAndFlush(
        List.of(
            earlyRoot,
            span(
                    early,
                    spanId(random()),
                    earlyRoot.spanId(),
                    "Y",
                    "later",
                    baseNanos() + 9_000_000_000L,
                    10)
                .build(),
            rootSpan(late, "X", "match", 5_000_000_000L).build()));

    assertThat(find(TraceQuery.builder().serviceName("X"))).containsExactly(late, early);
    assertThat(find(TraceQuery.builder())).containsExactly(early, late);
  }

  @Test
  default void limitCountsTracesNotSpans() {
    TraceId busy = traceId(random());
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      spans.add(
          span(busy, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 10_000 + i, 5)
              .build());
    }
    TraceId older = traceId(random());
    TraceId oldest = traceId(random());
    spans.add(rootSpan(older, "svc", "op", 5_000).build());
    spans.add(rootSpan(oldest, "svc", "op", 0).build());
    writeAndFlush(spans);

    List<Trace> found =
        reader().findTraces(TraceQuery.builder().serviceName("svc").limit(2).build());

    assertThat(found).extracting(Trace::traceId).containsExactly(busy, older);
    assertThat(found.getFirst().spans()).hasSize(300);
  }

  @Test
  default void returnsMatchingTracesWhole() {
    TraceId traceId = traceId(random());
    Span root = rootSpan(traceId, "gateway", "GET /", 0).build();
    Span outsideWindow =
        span(
                traceId,
                spanId(random()),
                root.spanId(),
                "worker",
                "slow",
                baseNanos() + 60_000_000_000L,
                10)
            .build();
    Span matching =
        span(traceId, spanId(random()), root.spanId(), "db", "query", baseNanos() + 1_000, 10)
            .attributes(List.of(Attribute.of("db.system", "postgresql")))
            .build();
    writeAndFlush(List.of(root, outsideWindow, matching));

    List<Trace> found =
        reader()
            .findTraces(
                TraceQuery.builder()
                    .serviceName("db")
                    .tag("db.system", "postgresql")
                    .startTimeMinNanos(baseNanos())
                    .startTimeMaxNanos(baseNanos() + 5_000)
                    .build());

    assertThat(found).containsExactly(new Trace(traceId, List.of(root, matching, outsideWindow)));
  }

  @Test
  default void longestFirstKeepsTheSlowestTracesOfTheWholeWindow() {
    // Durations deliberately unrelated to start order: the slowest traces are neither the newest
    // nor the oldest.
    long[] durationsMs = {30, 4_500, 12, 3_900, 800, 4_100, 7, 950};
    List<TraceId> traces = new ArrayList<>();
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < durationsMs.length; i++) {
      TraceId traceId = traceId(random());
      traces.add(traceId);
      Span root =
          span(
                  traceId,
                  spanId(random()),
                  SpanId.NONE,
                  "gateway",
                  "GET /",
                  baseNanos() + i * 60_000_000_000L,
                  durationsMs[i] * 1_000_000 + 1_000_000)
              .build();
      spans.add(root);
      spans.add(
          span(
                  traceId,
                  spanId(random()),
                  root.spanId(),
                  "orders",
                  "POST /orders",
                  baseNanos() + i * 60_000_000_000L + 100,
                  durationsMs[i] * 1_000_000)
              .build());
    }
    spans.add(
        span(
                traceId(random()),
                spanId(random()),
                SpanId.NONE,
                "batch",
                "nightly",
                baseNanos(),
                9_000_000_000L)
            .build()); // slower than all, but not of the service searched
    Collections.shuffle(spans, random());
    writeAndFlush(spans);

    TraceQuery.Builder slowest =
        TraceQuery.builder().serviceName("orders").order(TraceQuery.Order.LONGEST_FIRST);
    assertThat(find(slowest.limit(3))).containsExactly(traces.get(1), traces.get(5), traces.get(3));
    assertThat(
            find(
                TraceQuery.builder()
                    .serviceName("orders")
                    .order(TraceQuery.Order.LONGEST_FIRST)
                    .startTimeMinNanos(baseNanos() + 2 * 60_000_000_000L)
                    .startTimeMaxNanos(baseNanos() + 4 * 60_000_000_000L + 100)
                    .limit(2)))
        .containsExactly(traces.get(3), traces.get(4));
    assertThat(
            find(
                TraceQuery.builder()
                    .serviceName("orders")
                    .order(TraceQuery.Order.LONGEST_FIRST)
                    .durationMaxNanos(1_000_000_000L)
                    .limit(2)))
        .containsExactly(traces.get(7), traces.get(4));
  }

  @Test
  default void longestFirstCountsEachTraceOnceAndReturnsItWhole() {
    TraceId busy = traceId(random());
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      spans.add(
          span(busy, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + i, 900_000_000L + i)
              .build());
    }
    TraceId second = traceId(random());
    spans.add(
        span(second, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 5_000, 800_000_000L)
            .build());
    writeAndFlush(spans);

    List<Trace> found =
        reader()
            .findTraces(
                TraceQuery.builder()
                    .serviceName("svc")
                    .order(TraceQuery.Order.LONGEST_FIRST)
                    .limit(2)
                    .build());

    assertThat(found).extracting(Trace::traceId).containsExactly(busy, second);
    assertThat(found.getFirst().spans()).hasSize(50);
  }

  @Test
  default void findsTracesByTheStartOfTheirIdAsJaegerWritesIt() {
    TraceId wide = TraceId.fromHex("abc1234f00000000000000000000beef");
    TraceId sameStart = TraceId.fromHex("abc12350000000000000000000000001");
    TraceId narrow = TraceId.fromHex("abc1234e00000007"); // 64-bit: Jaeger writes its 16 digits
    TraceId other = TraceId.fromHex("0bc1234f000000000000000000000002");
    writeAndFlush(
        List.of(
            rootSpan(wide, "svc", "op", 0).build(),
            rootSpan(sameStart, "svc", "op", 1).build(),
            rootSpan(narrow, "svc", "op", 2).build(),
            rootSpan(other, "svc", "op", 3).build()));

    assertThat(find(TraceQuery.builder().traceIdPrefix("abc1234f"))).containsExactly(wide);
    assertThat(find(TraceQuery.builder().traceIdPrefix("ABC1234"))).containsExactly(narrow, wide);
    assertThat(find(TraceQuery.builder().traceIdPrefix("abc123")))
        .containsExactly(narrow, sameStart, wide);
    assertThat(find(TraceQuery.builder().traceIdPrefix(wide.toHex()))).containsExactly(wide);
    assertThat(find(TraceQuery.builder().traceIdPrefix("abc1234e00000007")))
        .containsExactly(narrow);
    assertThat(find(TraceQuery.builder().traceIdPrefix("abc1234").serviceName("nobody"))).isEmpty();
    assertThat(find(TraceQuery.builder().traceIdPrefix("ffff"))).isEmpty();
  }
}
