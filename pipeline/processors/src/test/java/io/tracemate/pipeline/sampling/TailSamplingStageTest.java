package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static io.tracemate.pipeline.sampling.SamplingFixtures.span;
import static io.tracemate.pipeline.sampling.SamplingFixtures.spans;
import static io.tracemate.pipeline.sampling.SamplingFixtures.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.model.Span;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stage keeps one sampler per tenant: buffers, bounds, decisions and policy budgets are each tenant's. */
class TailSamplingStageTest {
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");
  private static final TenantId C = TenantId.parse("team-c");

  private final SamplingFixtures.ManualClock nanos = new SamplingFixtures.ManualClock();
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

  private TailSamplingStage stage(TailSamplingConfig config, int maxTenants) {
    return TailSamplingStage.create(
        config,
        tenant -> config,
        nanos,
        new TenantStateLimits(maxTenants, Duration.ofMinutes(10)),
        millis::get);
  }

  private static List<Span> keptOf(List<SpanBatch> batches, TenantId tenant) {
    List<Span> out = new ArrayList<>();
    for (SpanBatch batch : batches) {
      if (batch.tenant().equals(tenant)) {
        out.addAll(batch.spans());
      }
    }
    return out;
  }

  @Test
  void oneTenantsBurstNeverForcesAnothersTracesToAnEarlyDecision() {
    TailSamplingStage stage =
        stage(config(Duration.ofSeconds(30), 2, PolicyConfig.named("all", "always_sample")), 10);
    stage.offer(1, SpanBatch.of(B, spans(trace(100), 2)));
    List<SpanBatch> out = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      out.addAll(stage.offer(2 + i, SpanBatch.of(A, spans(trace(i), 1))));
    }
    assertThat(stage.stats().forcedDecisions()).isEqualTo(3);
    assertThat(keptOf(out, B)).as("B's trace still waits for its decision_wait").isEmpty();
    assertThat(stage.oldestHeldSequence()).as("B's record is still held").isEqualTo(1);

    nanos.advance(Duration.ofSeconds(31));
    List<SpanBatch> due = stage.tick();
    assertThat(keptOf(due, B)).hasSize(2);
    assertThat(keptOf(due, A)).hasSize(2);
    assertThat(stage.oldestHeldSequence()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRateLimitIsEachTenantsOwnBudget() {
    TailSamplingStage stage =
        stage(
            config(Duration.ZERO, 1000, PolicyConfig.of("rl", new PolicyConfig.RateLimiting(3L))),
            10);
    List<SpanBatch> out = new ArrayList<>();
    out.addAll(stage.offer(1, SpanBatch.of(A, spans(trace(1), 3))));
    out.addAll(stage.offer(2, SpanBatch.of(B, spans(trace(2), 3))));
    out.addAll(stage.tick());
    assertThat(keptOf(out, A)).hasSize(3);
    assertThat(keptOf(out, B)).as("A spent its own budget, not B's").hasSize(3);
  }

  @Test
  void theSameTraceIdOfTwoTenantsIsTwoTracesDecidedApart() {
    TailSamplingStage stage =
        stage(
            config(
                Duration.ZERO,
                1000,
                PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR"))),
            10);
    List<SpanBatch> out = new ArrayList<>();
    out.addAll(stage.offer(1, SpanBatch.of(A, List.of(SamplingFixtures.errorSpan(trace(7), 1)))));
    out.addAll(stage.offer(2, SpanBatch.of(B, List.of(span(trace(7), 2)))));
    out.addAll(stage.tick());
    assertThat(keptOf(out, A)).hasSize(1);
    assertThat(keptOf(out, B)).as("B's trace has no error of its own").isEmpty();
  }

  @Test
  void aTenantBeyondTheBoundIsStoredUnsampledAndAnIdleSamplerHoldingNothingIsForgotten() {
    TailSamplingStage stage =
        stage(
            config(
                Duration.ofSeconds(30),
                100,
                PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR"))),
            1);
    assertThat(stage.offer(1, SpanBatch.of(A, spans(trace(1), 1)))).isEmpty();
    List<SpanBatch> passed = stage.offer(2, SpanBatch.of(C, spans(trace(2), 2)));
    assertThat(keptOf(passed, C)).hasSize(2);

    millis.addAndGet(Duration.ofMinutes(11).toMillis());
    stage.tick();
    assertThat(stage.sampler(A)).as("A still holds a trace").isNotNull();
    nanos.advance(Duration.ofSeconds(31));
    stage.tick(); // decides A's trace
    millis.addAndGet(Duration.ofMinutes(2).toMillis());
    stage.tick();
    assertThat(stage.sampler(A)).isNull();
    assertThat(stage.offer(3, SpanBatch.of(C, spans(trace(3), 1))))
        .as("C has a sampler now")
        .isEmpty();
  }
}
