package io.tracemate.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.TailSamplingStage;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.queue.SpanQueueTest.RecordingWriter;
import io.tracemate.queue.spans.SpanQueueBinding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tail sampling between the WAL and the store: nothing acknowledged is lost while decisions wait. */
class TailSamplingQueueTest {
  private static final TailSamplingConfig KEEP_ERRORS =
      TailSamplingConfig.of(
          Duration.ofSeconds(30),
          1_000,
          List.of(PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR"))));

  @TempDir Path dir;

  /** A clock the test moves; read by the applier thread. */
  static final class TestClock implements LongSupplier {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
      return nanos.get();
    }

    void advance(Duration duration) {
      nanos.addAndGet(duration.toNanos());
    }
  }

  /** A trace whose first span carries a 5 kB attribute, so that each WAL record fills a 4 kB segment. */
  private static List<Span> bulkyTrace(long number, int spans, boolean error) {
    List<Span> out = new ArrayList<>(trace(number, spans, error));
    out.set(
        0,
        out.get(0).toBuilder()
            .attributes(List.of(Attribute.of("payload", "x".repeat(5_000))))
            .build());
    return out;
  }

  private static List<Span> trace(long number, int spans, boolean error) {
    List<Span> out = new ArrayList<>();
    Resource resource = new Resource(List.of(Attribute.of("service.name", "orders")), 0);
    for (int i = 0; i < spans; i++) {
      Span.Builder span =
          Span.builder()
              .traceId(new TraceId(9, number))
              .spanId(new SpanId(i + 1))
              .name("op-" + i)
              .startEpochNanos(1_000 + i)
              .endEpochNanos(2_000 + i)
              .resource(resource);
      if (error && i == spans - 1) {
        span.status(new Status(StatusCode.ERROR, "timeout"));
      }
      out.add(span.build());
    }
    return out;
  }

  private DurableQueue<SpanBatch> open(RecordingWriter writer, TailSamplingStage stage)
      throws Exception {
    return open(writer, stage, 4096, new PrometheusRegistry());
  }

  private DurableQueue<SpanBatch> open(
      RecordingWriter writer,
      TailSamplingStage stage,
      long segmentBytes,
      PrometheusRegistry registry)
      throws Exception {
    return DurableQueue.open(
        dir.resolve("wal"),
        new QueueSettings(10_000L, 1_000L, Duration.ofHours(1), segmentBytes, 1L << 30),
        Duration.ofSeconds(1),
        SpanQueueBinding.of(writer).withStage(stage),
        new QueueMetrics(registry));
  }

  private static void accept(DurableQueue<SpanBatch> queue, List<Span> spans) throws Exception {
    queue.consume(SpanBatch.of(TenantId.DEFAULT, spans)).get(5, TimeUnit.SECONDS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  private static List<TraceId> traceIds(List<Span> spans) {
    return spans.stream().map(Span::traceId).distinct().toList();
  }

  @Test
  void aCrashDuringDecisionWaitLosesNothingAndTheNextStartResumesTheTraces() throws Exception {
    TestClock clockBefore = new TestClock();
    TailSamplingStage stageBefore = TailSamplingStage.create(KEEP_ERRORS, clockBefore);
    RecordingWriter storeBefore = new RecordingWriter();
    DurableQueue<SpanBatch> crashed = open(storeBefore, stageBefore);
    accept(crashed, bulkyTrace(1, 3, false));
    await("the stage took trace 1", () -> stageBefore.stats().spansIn() == 3);
    clockBefore.advance(Duration.ofSeconds(20));
    accept(crashed, bulkyTrace(2, 2, true));
    accept(crashed, bulkyTrace(3, 4, false));
    await("the stage took every span", () -> stageBefore.stats().spansIn() == 9);
    assertThat(crashed.queuedWeight())
        .as("permits are back once the stage holds the spans")
        .isZero();
    assertThat(crashed.truncatableSequence()).as("records 1 to 3 are all held").isZero();

    clockBefore.advance(Duration.ofSeconds(10));
    await(
        "trace 1 (record 1) decided and dropped, record 2 now the oldest held",
        () -> crashed.truncatableSequence() == 1);
    crashed.flush();
    assertThat(storeBefore.spans).as("traces 2 and 3 still wait for their decision").isEmpty();
    // the crash: the instance is abandoned, its waiting traces never decided, nothing closed

    TestClock clockAfter = new TestClock();
    TailSamplingStage stageAfter = TailSamplingStage.create(KEEP_ERRORS, clockAfter);
    RecordingWriter storeAfter = new RecordingWriter();
    try (DurableQueue<SpanBatch> restarted = open(storeAfter, stageAfter)) {
      assertThat(stageAfter.stats().spansIn())
          .as("records 2 and 3 were replayed, record 1 was truncated")
          .isEqualTo(6);
      assertThat(stageAfter.stats().tracesInMemory())
          .as("the replay resumed the waiting traces")
          .isEqualTo(2);
      assertThat(storeAfter.spans).as("their wait restarted at replay").isEmpty();

      clockAfter.advance(Duration.ofSeconds(30));
      await("the idle applier ticks the stage", () -> stageAfter.stats().tracesInMemory() == 0);
      await("the error trace reached the store", () -> storeAfter.spans.size() == 2);
      assertThat(storeAfter.spans).containsExactlyElementsOf(bulkyTrace(2, 2, true));
      assertThat(stageAfter.stats().spansDropped()).as("trace 3").isEqualTo(4);
      await("everything decided may be truncated", () -> restarted.truncatableSequence() == 3);
    }

    RecordingWriter storeThird = new RecordingWriter();
    TailSamplingStage stageThird = TailSamplingStage.create(KEEP_ERRORS, new TestClock());
    open(storeThird, stageThird).close();
    assertThat(stageThird.stats().spansIn())
        .as("decided records were truncated at the clean stop")
        .isZero();
  }

  @Test
  void theCheckpointStopsAtTheOldestRecordTheSamplerStillHoldsNotAtTheLastStored()
      throws Exception {
    TestClock clockBefore = new TestClock();
    TailSamplingStage stageBefore = TailSamplingStage.create(KEEP_ERRORS, clockBefore);
    RecordingWriter storeBefore = new RecordingWriter();
    // Default segment size: every record below lives in the one segment being written, never
    // truncated.
    DurableQueue<SpanBatch> crashed =
        open(storeBefore, stageBefore, 64L << 20, new PrometheusRegistry());
    accept(crashed, trace(1, 2, true));
    accept(crashed, trace(2, 3, false));
    await("the stage took traces 1 and 2", () -> stageBefore.stats().spansIn() == 5);
    clockBefore.advance(Duration.ofSeconds(20));
    accept(crashed, trace(3, 2, true));
    accept(crashed, trace(4, 1, false));
    await("the stage took every span", () -> stageBefore.stats().spansIn() == 8);
    clockBefore.advance(Duration.ofSeconds(10));
    await(
        "traces 1 and 2 decided",
        () -> storeBefore.spans.size() == 2 && crashed.truncatableSequence() == 2);
    crashed.flush();
    // the crash: records 3 and 4 were applied to the stage (and "stored" up to 4) but are still
    // waiting

    TailSamplingStage stageAfter = TailSamplingStage.create(KEEP_ERRORS, new TestClock());
    PrometheusRegistry registry = new PrometheusRegistry();
    try (DurableQueue<SpanBatch> restarted =
        open(new RecordingWriter(), stageAfter, 64L << 20, registry)) {
      assertThat(stageAfter.stats().spansIn())
          .as("records 3 and 4, the waiting traces 3 and 4")
          .isEqualTo(3);
      assertThat(TestMetrics.value(registry, "tracemate_wal_replayed_records_total", "traces"))
          .isEqualTo(2);
      assertThat(
              TestMetrics.value(registry, "tracemate_wal_replay_skipped_records_total", "traces"))
          .isEqualTo(2);
      assertThat(restarted.truncatableSequence()).isEqualTo(2);
    }
  }

  @Test
  void aCleanStopLeavesUndecidedTracesInTheWalForTheNextStart() throws Exception {
    TestClock clock = new TestClock();
    RecordingWriter store = new RecordingWriter();
    TailSamplingStage stage = TailSamplingStage.create(KEEP_ERRORS, clock);
    try (DurableQueue<SpanBatch> ingest = open(store, stage)) {
      accept(ingest, trace(1, 2, true));
      await("the stage took trace 1", () -> stage.stats().spansIn() == 2);
      clock.advance(Duration.ofSeconds(30));
      await("trace 1 stored", () -> store.spans.size() == 2);
      accept(ingest, trace(2, 2, true));
      accept(ingest, trace(1, 1, false)); // a late span of the kept trace
      await("the late span followed the decision", () -> store.spans.size() == 3);
    }

    TestClock nextClock = new TestClock();
    RecordingWriter nextStore = new RecordingWriter();
    TailSamplingStage next = TailSamplingStage.create(KEEP_ERRORS, nextClock);
    try (DurableQueue<SpanBatch> restarted = open(nextStore, next)) {
      assertThat(restarted.queuedWeight()).isZero();
      assertThat(traceIds(List.copyOf(nextStore.spans))).doesNotContain(new TraceId(9, 2));
      assertThat(next.stats().tracesInMemory()).as("trace 2 waits again").isGreaterThanOrEqualTo(1);
      nextClock.advance(Duration.ofSeconds(30));
      await(
          "trace 2 stored after the restart",
          () -> traceIds(List.copyOf(nextStore.spans)).contains(new TraceId(9, 2)));
    }
  }

  @Test
  void oneTraceIdOfTwoTenantsIsDecidedAsTwoTracesAndKeptWithItsTenant() {
    TestClock clock = new TestClock();
    TailSamplingStage stage = TailSamplingStage.create(KEEP_ERRORS, clock);
    TenantId acme = TenantId.parse("acme");
    TenantId globex = TenantId.parse("globex");
    stage.offer(1, SpanBatch.of(acme, trace(1, 2, true)));
    stage.offer(2, SpanBatch.of(globex, trace(1, 3, false)));
    clock.advance(Duration.ofSeconds(30));

    List<SpanBatch> kept = stage.tick();

    assertThat(kept).singleElement().extracting(SpanBatch::tenant).isEqualTo(acme);
    assertThat(kept.getFirst().items()).isEqualTo(2);
    // a late span follows its own tenant's decision
    assertThat(stage.offer(3, SpanBatch.of(globex, trace(1, 1, true)))).isEmpty();
    assertThat(stage.offer(4, SpanBatch.of(acme, trace(1, 1, false))))
        .singleElement()
        .extracting(SpanBatch::tenant)
        .isEqualTo(acme);
  }

  @Test
  void samplingCountersAreExposedAsPrometheusMetrics() throws Exception {
    TestClock clock = new TestClock();
    PrometheusRegistry registry = new PrometheusRegistry();
    TailSamplingStage stage = TailSamplingStage.create(KEEP_ERRORS, clock);
    stage.registerMetrics(registry);
    stage.offer(1, SpanBatch.of(TenantId.DEFAULT, trace(1, 2, true)));
    stage.offer(2, SpanBatch.of(TenantId.DEFAULT, trace(2, 3, false)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(stage.tick()).singleElement().extracting(SpanBatch::items).isEqualTo(2);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The counters are the tenants' (read per scrape scope); the registry holds the tenants held.
    PrometheusTextFormatWriter.create()
        .write(
            out,
            stage
                .metrics(false)
                .collect(io.tracemate.common.tenant.TenantScope.of(TenantId.DEFAULT)));
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains(
            "tracemate_sampling_tenants 1.0",
            "tracemate_sampling_spans_total{outcome=\"received\"} 5.0",
            "tracemate_sampling_spans_total{outcome=\"kept\"} 2.0",
            "tracemate_sampling_spans_total{outcome=\"dropped\"} 3.0",
            "tracemate_sampling_traces_total{decision=\"sampled\"} 1.0",
            "tracemate_sampling_policy_decisions_total{decision=\"not_sampled\",policy=\"errors\"} 1.0",
            "tracemate_sampling_traces_in_memory 0.0");
  }
}
