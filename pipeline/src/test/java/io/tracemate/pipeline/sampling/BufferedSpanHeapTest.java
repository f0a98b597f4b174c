package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap a buffered span costs, by the difference in live heap after full GCs. Two figures: what
 * the sampler adds per buffered span (its bookkeeping: trace map, per-trace list, WAL sequence index), and,
 * separately, the decoded span record itself, which the ingest path allocated anyway. Printed for the report;
 * the sampler's own cost is asserted against the 500-byte target.
 */
class BufferedSpanHeapTest {
  private static final int TRACES = 10_000;
  private static final int SPANS_PER_TRACE = 10;
  private static final int SPANS_PER_WAL_RECORD = 100;

  @Test
  void theSamplerAddsWellUnder500BytesPerBufferedSpan() {
    Resource resource = new Resource(List.of(Attribute.of("service.name", "checkout"),
        Attribute.of("host.name", "node-7")), 0);
    InstrumentationScope scope = new InstrumentationScope("io.opentelemetry.okhttp", "1.2.0", List.of(), 0);
    SplittableRandom random = new SplittableRandom(1);
    TraceId[] traceIds = new TraceId[TRACES];
    for (int t = 0; t < TRACES; t++) {
      traceIds[t] = new TraceId(random.nextLong(), random.nextLong());
    }

    long beforeSpans = liveHeap();
    // spans of a trace spread over several WAL records, as requests from several services would bring them
    List<List<Span>> records = new ArrayList<>();
    List<Span> record = new ArrayList<>();
    for (int s = 0; s < SPANS_PER_TRACE; s++) {
      for (int t = 0; t < TRACES; t++) {
        record.add(realisticSpan(traceIds[t], s, random, resource, scope));
        if (record.size() == SPANS_PER_WAL_RECORD) {
          records.add(record);
          record = new ArrayList<>();
        }
      }
    }
    long spanCount = (long) TRACES * SPANS_PER_TRACE;
    long beforeSampler = liveHeap();

    TailSampler sampler = TailSampler.create(config(Duration.ofSeconds(30), 50_000,
        PolicyConfig.statusCode("errors", "ERROR")), new ManualClock(), new Kept());
    for (int i = 0; i < records.size(); i++) {
      sampler.offer(i + 1, records.get(i));
    }
    long afterSampler = liveHeap();

    double spanRecordBytes = (double) (beforeSampler - beforeSpans) / spanCount;
    double samplerBytes = (double) (afterSampler - beforeSampler) / spanCount;
    System.out.printf("tail sampling heap: %.0f bytes per buffered span added by the sampler, "
        + "%.0f bytes per decoded span record (11 attributes, shared resource); %d spans in %d traces%n",
        samplerBytes, spanRecordBytes, spanCount, TRACES);
    assertThat(sampler.stats().spansInMemory()).isEqualTo(spanCount);
    assertThat(samplerBytes).isLessThan(500);
    assertThat(records).hasSize((int) (spanCount / SPANS_PER_WAL_RECORD)); // keeps the spans reachable until here
  }

  /** A server span with the attribute mix the demo services send (HTTP, peer, business keys). */
  private static Span realisticSpan(TraceId traceId, int index, SplittableRandom random, Resource resource,
      InstrumentationScope scope) {
    long start = 1_700_000_000_000_000_000L + random.nextInt(1_000_000_000);
    return Span.builder().traceId(traceId).spanId(new SpanId(random.nextLong())).parentSpanId(new SpanId(index))
        .name("GET /api/orders/{id}").kind(SpanKind.SERVER).startEpochNanos(start)
        .endEpochNanos(start + random.nextInt(50_000_000)).resource(resource).scope(scope)
        .attributes(List.of(
            Attribute.of("http.request.method", "GET"),
            Attribute.of("url.path", "/api/orders/" + random.nextInt(1_000_000)),
            Attribute.of("http.route", "/api/orders/{id}"),
            Attribute.of("http.response.status_code", 200L),
            Attribute.of("server.address", "orders.internal"),
            Attribute.of("server.port", 8080L),
            Attribute.of("network.peer.address", "10.0.3." + random.nextInt(255)),
            Attribute.of("user_agent.original", "okhttp/4.12.0"),
            Attribute.of("business.transaction", "order-lookup"),
            Attribute.of("customer.id", "c-" + random.nextInt(100_000)),
            Attribute.of("thread.name", "http-nio-8080-exec-" + random.nextInt(200))))
        .build();
  }

  /** Used heap after GC has settled (a few rounds until two readings agree within 1 %). */
  private static long liveHeap() {
    Runtime runtime = Runtime.getRuntime();
    long previous = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long used = runtime.totalMemory() - runtime.freeMemory();
      if (Math.abs(previous - used) < used / 100) {
        return used;
      }
      previous = used;
    }
    return previous;
  }
}
