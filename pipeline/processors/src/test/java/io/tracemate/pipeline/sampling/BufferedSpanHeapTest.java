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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Measures the heap a buffered span costs, by the difference in live heap after full GCs: everything the
 * sampler holds for a waiting trace (encoded span data, shared origins, per-trace bookkeeping, the trace map
 * and the WAL sequence index) divided by the spans it buffers, once the decoded batches it was offered are
 * gone. Asserted against the target of 500 bytes per buffered span at a 30 s decision_wait; printed,
 * with the size of the decoded records for comparison and the encode (offer) and decide (decode + policies)
 * time per span, for the report.
 */
class BufferedSpanHeapTest {
  private static final int TRACES = 10_000;
  private static final int SPANS_PER_TRACE = 10;
  private static final int SPANS_PER_WAL_RECORD = 100;
  private static final long SPAN_COUNT = (long) TRACES * SPANS_PER_TRACE;

  @Test
  void aBufferedSpanCostsAtMost500BytesOfHeapAllIn() {
    long baseline = liveHeap();
    List<List<Span>> records = walRecords(new SplittableRandom(1));
    long withDecodedRecords = liveHeap();

    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ofSeconds(30),
                50_000,
                PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR"))),
            new ManualClock(),
            new Kept());
    long offerStart = System.nanoTime();
    for (int i = 0; i < records.size(); i++) {
      sampler.offer(i + 1, records.get(i));
    }
    long offerNanos = System.nanoTime() - offerStart;
    records = null; // the sampler must not need the decoded batches any more
    long withSamplerOnly = liveHeap();

    double decodedBytes = (double) (withDecodedRecords - baseline) / SPAN_COUNT;
    double bufferedBytes = (double) (withSamplerOnly - baseline) / SPAN_COUNT;
    System.out.printf(
        "tail sampling heap: %.0f bytes per buffered span, all in (decoded records: %.0f bytes "
            + "per span); offer (encode) %.2f us per span; %d spans in %d traces, %d per WAL record%n",
        bufferedBytes,
        decodedBytes,
        offerNanos / 1e3 / SPAN_COUNT,
        SPAN_COUNT,
        TRACES,
        SPANS_PER_WAL_RECORD);
    assertThat(sampler.stats().spansInMemory()).isEqualTo(SPAN_COUNT);
    assertThat(bufferedBytes).isLessThanOrEqualTo(500);
    assertThat(bufferedBytes)
        .as("compact form must be well below the decoded records")
        .isLessThan(decodedBytes / 1.5);
  }

  @Test
  void decidingDecodesEveryBufferedSpanOnceAndEmitsTheKeptOnesIntact() {
    List<List<Span>> records = walRecords(new SplittableRandom(2));
    Kept kept = new Kept();
    // the seeds' chain: errors, slow (with a per-endpoint override), business-critical, 10 % of the
    // rest
    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ofSeconds(30),
                50_000,
                PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")),
                PolicyConfig.of(
                    "slow",
                    new PolicyConfig.Latency(
                        500L,
                        null,
                        null,
                        null,
                        List.of(
                            new PolicyConfig.LatencyOverride(
                                "checkout", "GET /api/orders/{id}", 45L, null)))),
                PolicyConfig.of(
                    "business",
                    PolicyConfig.StringAttribute.exact("business.transaction", "payment", "order")),
                PolicyConfig.of("baseline", new PolicyConfig.Probabilistic(null, 10.0))),
            new ManualClock(),
            kept);
    for (int i = 0; i < records.size(); i++) {
      sampler.offer(i + 1, records.get(i));
    }
    long decideStart = System.nanoTime();
    sampler.decideAll();
    long decideNanos = System.nanoTime() - decideStart;

    System.out.printf(
        "tail sampling decide: %.2f us per span (decode + 4 policies), %d of %d traces kept%n",
        decideNanos / 1e3 / SPAN_COUNT, sampler.stats().tracesSampled(), TRACES);
    Set<Span> offered = new HashSet<>();
    records.forEach(offered::addAll);
    assertThat(sampler.stats().tracesSampled() + sampler.stats().tracesNotSampled())
        .isEqualTo(TRACES);
    assertThat(kept.spans).hasSize((int) sampler.stats().tracesSampled() * SPANS_PER_TRACE);
    // HashSet lookups: AssertJ's containsAll would compare pairwise, 10^10 times here
    assertThat(kept.spans.stream().filter(span -> !offered.contains(span)).count())
        .as("kept spans that differ from what was offered")
        .isZero();
  }

  /**
   * The spans of every trace spread over several WAL records, as requests from several services bring them;
   * each record has its own decoded resource and scope instances, as the ingest path's decoder makes them.
   */
  private static List<List<Span>> walRecords(SplittableRandom random) {
    TraceId[] traceIds = new TraceId[TRACES];
    for (int t = 0; t < TRACES; t++) {
      traceIds[t] = new TraceId(random.nextLong(), random.nextLong());
    }
    List<List<Span>> records = new ArrayList<>();
    List<Span> record = new ArrayList<>();
    Resource resource = null;
    InstrumentationScope scope = null;
    for (int s = 0; s < SPANS_PER_TRACE; s++) {
      for (int t = 0; t < TRACES; t++) {
        if (record.isEmpty()) {
          resource =
              new Resource(
                  List.of(
                      Attribute.of("service.name", "checkout"),
                      Attribute.of("host.name", "node-7")),
                  0);
          scope = new InstrumentationScope("io.opentelemetry.okhttp", "1.2.0", List.of(), 0);
        }
        record.add(realisticSpan(traceIds[t], s, random, resource, scope));
        if (record.size() == SPANS_PER_WAL_RECORD) {
          records.add(record);
          record = new ArrayList<>();
        }
      }
    }
    return records;
  }

  /** A server span with the attribute mix the demo services send (HTTP, peer, business keys). */
  private static Span realisticSpan(
      TraceId traceId,
      int index,
      SplittableRandom random,
      Resource resource,
      InstrumentationScope scope) {
    // spans of a trace start within its first 10 ms (a trace's duration stays realistic for latency
    // policies)
    long start =
        1_700_000_000_000_000_000L + (traceId.low() & 0xffff) * 1_000_000_000L + index * 1_000_000L;
    return Span.builder()
        .traceId(traceId)
        .spanId(new SpanId(random.nextLong()))
        .parentSpanId(new SpanId(index))
        .name("GET /api/orders/{id}")
        .kind(SpanKind.SERVER)
        .startEpochNanos(start)
        .endEpochNanos(start + random.nextInt(50_000_000))
        .resource(resource)
        .scope(scope)
        .attributes(
            List.of(
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
