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

  @Test
  void changedSettingsDecideNewTracesWhileWaitingTracesKeepTheirs() {
    TailSamplingConfig everything =
        config(Duration.ofSeconds(10), 100, PolicyConfig.named("all", "always_sample"));
    TailSamplingConfig errorsOnly =
        config(
            Duration.ofSeconds(2),
            100,
            PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")));
    java.util.Map<TenantId, TailSamplingConfig> own =
        new java.util.concurrent.ConcurrentHashMap<>();
    TailSamplingStage stage =
        TailSamplingStage.create(
            everything,
            tenant -> own.getOrDefault(tenant, everything),
            nanos,
            new TenantStateLimits(10, Duration.ofMinutes(10)),
            millis::get);
    List<SpanBatch> out = new ArrayList<>();
    out.addAll(stage.offer(1, SpanBatch.of(A, spans(trace(1), 2)))); // waits under "all", 10 s
    out.addAll(stage.offer(2, SpanBatch.of(B, spans(trace(2), 2))));

    own.put(A, errorsOnly); // the overrides file gave A its own block
    stage.settingsChanged();
    nanos.advance(Duration.ofSeconds(1));
    out.addAll(stage.offer(3, SpanBatch.of(A, spans(trace(3), 2)))); // new: errors only, 2 s
    out.addAll(stage.offer(4, SpanBatch.of(A, spans(trace(1), 1)))); // trace 1 goes on waiting
    out.addAll(stage.offer(5, SpanBatch.of(B, spans(trace(4), 1)))); // B has no own block
    assertThat(stage.sampler(A).config()).isEqualTo(errorsOnly);
    assertThat(stage.sampler(B).config()).isEqualTo(everything);

    nanos.advance(Duration.ofSeconds(2));
    out.addAll(stage.tick());
    assertThat(keptOf(out, A))
        .as("trace 3 dropped by A's new policy, trace 1 still waits")
        .isEmpty();
    assertThat(stage.sampler(A).stats().tracesNotSampled()).isEqualTo(1);
    assertThat(stage.oldestHeldSequence()).as("trace 1 and B's traces are held").isEqualTo(1);

    nanos.advance(Duration.ofSeconds(7));
    out.addAll(stage.tick());
    assertThat(keptOf(out, A))
        .as("trace 1 was decided by the policy it started with, after its own 10 s")
        .hasSize(3)
        .allMatch(span -> span.traceId().equals(trace(1)));
    assertThat(keptOf(out, B)).as("B's trace 2; trace 4 waits").hasSize(2);
    assertThat(stage.sampler(A).stats().decisionsByPolicy())
        .as("the replaced policy's counter goes once no trace waits for it")
        .containsOnlyKeys("errors");
  }

  @Test
  void theSamplingCountersAreEachTenantsLabelledOrAddedUpWithoutTheLabel() {
    TailSamplingStage stage =
        stage(config(Duration.ofSeconds(1), 100, PolicyConfig.named("all", "always_sample")), 10);
    stage.offer(1, SpanBatch.of(A, spans(trace(1), 2)));
    stage.offer(2, SpanBatch.of(B, spans(trace(2), 3)));
    stage.offer(3, SpanBatch.of(B, spans(trace(3), 1)));
    nanos.advance(Duration.ofSeconds(2));
    stage.tick();

    io.prometheus.metrics.model.snapshots.MetricSnapshots onlyA =
        stage.metrics(true).collect(io.tracemate.common.tenant.TenantScope.of(A));
    assertThat(points(onlyA, "tracemate_sampling_traces"))
        .containsExactlyInAnyOrder(
            "{decision=\"sampled\",tenant=\"team-a\"} 1.0",
            "{decision=\"not_sampled\",tenant=\"team-a\"} 0.0");
    assertThat(points(onlyA, "tracemate_sampling_policy_decisions"))
        .containsExactlyInAnyOrder(
            "{decision=\"sampled\",policy=\"all\",tenant=\"team-a\"} 1.0",
            "{decision=\"not_sampled\",policy=\"all\",tenant=\"team-a\"} 0.0");
    assertThat(
            points(
                stage.metrics(true).collect(io.tracemate.common.tenant.TenantScope.of(A, B)),
                "tracemate_sampling_spans"))
        .contains(
            "{outcome=\"kept\",tenant=\"team-a\"} 2.0", "{outcome=\"kept\",tenant=\"team-b\"} 4.0");
    assertThat(
            points(
                stage.metrics(false).collect(io.tracemate.common.tenant.TenantScope.of(A)),
                "tracemate_sampling_traces"))
        .as("without the label: every tenant's added up, as before tenants")
        .containsExactlyInAnyOrder("{decision=\"sampled\"} 3.0", "{decision=\"not_sampled\"} 0.0");
  }

  /** Each data point of the metric as {@code {labels} value}. */
  private static List<String> points(
      io.prometheus.metrics.model.snapshots.MetricSnapshots snapshots, String name) {
    List<String> out = new ArrayList<>();
    for (io.prometheus.metrics.model.snapshots.MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getName().equals(name)) {
        for (io.prometheus.metrics.model.snapshots.DataPointSnapshot point :
            snapshot.getDataPoints()) {
          double value =
              point
                      instanceof
                      io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot
                          c
                  ? c.getValue()
                  : ((io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot)
                          point)
                      .getValue();
          StringBuilder labels = new StringBuilder("{");
          point
              .getLabels()
              .forEach(
                  label ->
                      labels
                          .append(labels.length() > 1 ? "," : "")
                          .append(label.getName())
                          .append("=\"")
                          .append(label.getValue())
                          .append('"'));
          out.add(labels.append("} ").append(value).toString());
        }
      }
    }
    return out;
  }
}
