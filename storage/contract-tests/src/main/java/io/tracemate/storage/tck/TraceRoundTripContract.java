package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.expectedTrace;
import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.testing.TestSpans;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trace by ID: fidelity, assembly across batches, ID widths, idempotent writes. */
public interface TraceRoundTripContract extends StorageFixture {

  @Test
  default void roundTripsEveryFieldOfASpan() {
    TraceId traceId = traceId(random());
    Span span = TestSpans.everyField(random(), traceId, baseNanos());

    writeAndFlush(List.of(span));

    assertThat(reader().trace(traceId)).contains(new Trace(traceId, List.of(span)));
  }

  @Test
  default void roundTripsASpanWithNothingButIds() {
    TraceId traceId = traceId(random());
    Span bare =
        Span.builder()
            .traceId(traceId)
            .spanId(spanId(random()))
            .startEpochNanos(baseNanos())
            .endEpochNanos(baseNanos())
            .build();

    writeAndFlush(List.of(bare));

    Trace trace = reader().trace(traceId).orElseThrow();
    assertThat(trace.spans()).containsExactly(bare);
    assertThat(trace.spans().getFirst().serviceName()).isEqualTo(Resource.UNKNOWN_SERVICE);
  }

  @Test
  default void roundTripsManyRandomSpansOfOneTrace() {
    TraceId traceId = traceId(random());
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      spans.add(
          TestSpans.everyField(random(), traceId, baseNanos() + random().nextInt(1_000_000_000)));
    }

    writeAndFlush(spans);

    assertThat(reader().trace(traceId)).contains(expectedTrace(traceId, spans));
  }

  @Test
  default void assemblesATraceWrittenInSeparateBatches() {
    TraceId traceId = traceId(random());
    SpanId root = spanId(random());
    Span rootSpan =
        span(traceId, root, SpanId.NONE, "frontend", "GET /", baseNanos(), 5_000_000).build();
    Span child =
        span(traceId, spanId(random()), root, "backend", "load", baseNanos() + 1_000, 3_000_000)
            .kind(SpanKind.CLIENT)
            .build();
    Span grandChild =
        span(
                traceId,
                spanId(random()),
                child.spanId(),
                "db",
                "SELECT",
                baseNanos() + 2_000,
                1_000_000)
            .build();

    // Children usually arrive before their parents, and in different requests.
    writeAndFlush(List.of(grandChild));
    write(List.of(child));
    flush();
    writeAndFlush(List.of(rootSpan));

    assertThat(reader().trace(traceId))
        .contains(new Trace(traceId, List.of(rootSpan, child, grandChild)));
  }

  @Test
  default void ordersSpansOfATraceByStartTime() {
    TraceId traceId = traceId(random());
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      spans.add(
          span(
                  traceId,
                  spanId(random()),
                  SpanId.NONE,
                  "svc",
                  "op" + i,
                  baseNanos() + random().nextInt(1_000_000) * 1_000L,
                  10)
              .build());
    }

    writeAndFlush(spans);

    List<Long> starts =
        reader().trace(traceId).orElseThrow().spans().stream().map(Span::startEpochNanos).toList();
    assertThat(starts).hasSize(10).isSorted();
  }

  @Test
  default void keeps64BitTraceIdsApartFrom128BitOnesWithTheSameLowHalf() {
    TraceId narrow = TestSpans.traceId64(random());
    TraceId wide = new TraceId(random().nextLong() | 1, narrow.low());
    Span narrowSpan =
        span(narrow, spanId(random()), SpanId.NONE, "zipkin-app", "get", baseNanos(), 10).build();
    Span wideSpan =
        span(wide, spanId(random()), SpanId.NONE, "otel-app", "get", baseNanos(), 10).build();

    writeAndFlush(List.of(narrowSpan, wideSpan));

    assertThat(reader().trace(narrow)).contains(new Trace(narrow, List.of(narrowSpan)));
    assertThat(reader().trace(wide)).contains(new Trace(wide, List.of(wideSpan)));
  }

  @Test
  default void unknownTraceIsEmpty() {
    writeAndFlush(
        List.of(
            span(traceId(random()), spanId(random()), SpanId.NONE, "svc", "op", baseNanos(), 1)
                .build()));

    assertThat(reader().trace(traceId(random()))).isEmpty();
  }

  @Test
  default void writingTheSameSpansTwiceReturnsEachOnce() {
    TraceId traceId = traceId(random());
    List<Span> spans =
        List.of(
            TestSpans.everyField(random(), traceId, baseNanos()),
            span(traceId, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 5, 10).build());

    write(spans);
    write(spans);
    flush();
    write(List.of(spans.get(1)));
    flush();

    assertThat(reader().trace(traceId)).contains(expectedTrace(traceId, spans));
    assertThat(
            reader()
                .findTraces(io.tracemate.storage.TraceQuery.builder().serviceName("svc").build()))
        .containsExactly(expectedTrace(traceId, spans));
  }

  @Test
  default void rewritingAfterReopenStillReturnsEachSpanOnce() {
    assumeTrue(persistent(), "the backend keeps nothing across a reopen");
    TraceId traceId = traceId(random());
    List<Span> spans =
        List.of(
            TestSpans.everyField(random(), traceId, baseNanos()),
            span(traceId, spanId(random()), SpanId.NONE, "svc", "op", baseNanos() + 5, 10).build());
    writeAndFlush(spans);

    reopen();
    writeAndFlush(spans);

    assertThat(reader().trace(traceId)).contains(expectedTrace(traceId, spans));
  }

  @Test
  default void keepsSpansThatShareAnIdButDiffer() {
    // Zipkin's shared spans: client and server halves of one RPC carry the same span ID.
    TraceId traceId = traceId(random());
    SpanId shared = spanId(random());
    Span client =
        span(traceId, shared, SpanId.NONE, "caller", "rpc", baseNanos(), 100)
            .kind(SpanKind.CLIENT)
            .build();
    Span server =
        span(traceId, shared, SpanId.NONE, "callee", "rpc", baseNanos() + 10, 80)
            .kind(SpanKind.SERVER)
            .build();

    writeAndFlush(List.of(client, server));

    assertThat(reader().trace(traceId).orElseThrow().spans())
        .containsExactlyInAnyOrder(client, server);
  }
}
