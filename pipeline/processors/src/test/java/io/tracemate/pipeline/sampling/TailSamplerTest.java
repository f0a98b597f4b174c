package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static io.tracemate.pipeline.sampling.SamplingFixtures.errorSpan;
import static io.tracemate.pipeline.sampling.SamplingFixtures.span;
import static io.tracemate.pipeline.sampling.SamplingFixtures.spans;
import static io.tracemate.pipeline.sampling.SamplingFixtures.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.PolicyConfig.StringAttribute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine: decision_wait, the num_traces bound, late spans, WAL bookkeeping and counters. */
class TailSamplerTest {
  private final ManualClock clock = new ManualClock();
  private final Kept kept = new Kept();

  private TailSampler sampler(Duration wait, int numTraces, PolicyConfig... policies) {
    return TailSampler.create(config(wait, numTraces, policies), clock, kept);
  }

  @Test
  void tracesAreDecidedOnlyOnceDecisionWaitHasPassedSinceTheirFirstSpan() {
    TailSampler sampler =
        sampler(
            Duration.ofSeconds(30),
            100,
            PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")));
    sampler.offer(1, List.of(span(trace(1), 0), errorSpan(trace(1), 1)));
    clock.advance(Duration.ofSeconds(10));
    sampler.offer(2, List.of(errorSpan(trace(2), 0), span(trace(1), 2)));

    clock.advance(Duration.ofMillis(19_999));
    sampler.tick();
    assertThat(kept.spans).isEmpty();
    assertThat(sampler.stats().tracesInMemory()).isEqualTo(2);

    clock.advanceMillis(1);
    sampler.tick();
    assertThat(kept.spans)
        .as("trace 1 waited 30 s, with the span that arrived later")
        .extracting(Span::traceId)
        .containsExactly(trace(1), trace(1), trace(1));

    clock.advance(Duration.ofSeconds(10));
    sampler.tick();
    assertThat(kept.traceIds()).containsExactly(trace(1), trace(2));
    assertThat(sampler.stats().tracesInMemory()).isZero();
  }

  @Test
  void theOldestBufferedWalSequenceIsWhatTheWalMustKeep() {
    TailSampler sampler =
        sampler(Duration.ofSeconds(5), 100, PolicyConfig.named("all", "always_sample"));
    assertThat(sampler.oldestBufferedSequence()).isEqualTo(Long.MAX_VALUE);
    sampler.offer(7, spans(trace(1), 2));
    clock.advance(Duration.ofSeconds(3));
    sampler.offer(8, List.of(span(trace(2), 0), span(trace(1), 5)));
    assertThat(sampler.oldestBufferedSequence()).as("trace 1 started in record 7").isEqualTo(7);

    clock.advance(Duration.ofSeconds(2));
    sampler.tick();
    assertThat(sampler.oldestBufferedSequence())
        .as("only trace 2, from record 8, waits")
        .isEqualTo(8);

    clock.advance(Duration.ofSeconds(3));
    sampler.tick();
    assertThat(sampler.oldestBufferedSequence()).isEqualTo(Long.MAX_VALUE);
    assertThat(kept.spans).hasSize(4);
  }

  @Test
  void lateSpansFollowTheDecisionAlreadyTaken() {
    TailSampler sampler =
        sampler(
            Duration.ofSeconds(1),
            100,
            PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")));
    sampler.offer(1, List.of(errorSpan(trace(1), 0), span(trace(2), 0)));
    clock.advance(Duration.ofSeconds(1));
    sampler.tick();
    assertThat(kept.spans).hasSize(1);

    sampler.offer(2, List.of(span(trace(1), 1), span(trace(2), 1), span(trace(2), 2)));

    assertThat(kept.spans)
        .as("the late span of the kept trace goes straight downstream, no new wait")
        .containsExactly(errorSpan(trace(1), 0), span(trace(1), 1));
    TailSamplingStats stats = sampler.stats();
    assertThat(stats.lateSpans()).isEqualTo(3);
    assertThat(stats.tracesInMemory()).as("no trace was restarted").isZero();
    assertThat(stats.spansDropped()).isEqualTo(3);
    assertThat(stats.spansOut()).isEqualTo(2);
    assertThat(stats.spansIn()).isEqualTo(5);
  }

  @Test
  void exceedingNumTracesDecidesTheOldestTracesEarly() {
    TailSampler sampler =
        sampler(Duration.ofSeconds(30), 3, PolicyConfig.named("all", "always_sample"));
    for (int t = 1; t <= 3; t++) {
      sampler.offer(t, spans(trace(t), 2));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(kept.spans).isEmpty();

    sampler.offer(4, List.of(span(trace(4), 0), span(trace(5), 0)));

    assertThat(kept.traceIds())
        .as("the two oldest, decided with the spans they had")
        .containsExactly(trace(1), trace(2));
    TailSamplingStats stats = sampler.stats();
    assertThat(stats.forcedDecisions()).isEqualTo(2);
    assertThat(stats.tracesInMemory()).isEqualTo(3);
    assertThat(stats.spansInMemory()).isEqualTo(4);
    assertThat(sampler.oldestBufferedSequence()).isEqualTo(3);
  }

  @Test
  void memoryStaysBoundedUnderAFloodOfTraces() {
    TailSampler sampler =
        sampler(Duration.ofSeconds(30), 1_000, PolicyConfig.named("all", "always_sample"));
    for (int t = 0; t < 20_000; t++) {
      sampler.offer(t + 1, spans(trace(t), 3));
      assertThat(sampler.stats().tracesInMemory()).isLessThanOrEqualTo(1_000);
    }
    assertThat(sampler.stats().forcedDecisions()).isEqualTo(19_000);
    assertThat(kept.spans).hasSize(19_000 * 3);
  }

  @Test
  void decideAllDecidesEverythingBufferedAndCountsPerPolicy() {
    TailSampler sampler =
        sampler(
            Duration.ofSeconds(30),
            100,
            PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")),
            PolicyConfig.of("business", StringAttribute.exact("business.transaction", "checkout")));
    sampler.offer(
        1,
        List.of(
            errorSpan(trace(1), 0),
            span(trace(2), 0),
            span(
                trace(3),
                0,
                "shop",
                "POST /pay",
                5,
                io.tracemate.model.Attribute.of("business.transaction", "checkout"))));

    sampler.decideAll();

    assertThat(kept.traceIds()).containsExactlyInAnyOrder(trace(1), trace(3));
    TailSamplingStats stats = sampler.stats();
    assertThat(stats.tracesSampled()).isEqualTo(2);
    assertThat(stats.tracesNotSampled()).isEqualTo(1);
    assertThat(stats.decisionsByPolicy())
        .containsEntry("errors", new TailSamplingStats.PolicyDecisions(1, 2))
        .containsEntry("business", new TailSamplingStats.PolicyDecisions(1, 2));
    assertThat(stats.spansIn()).isEqualTo(stats.spansOut() + stats.spansDropped());
  }

  @Test
  void closeForgetsBufferedTracesWithoutDecidingThem() {
    TailSampler sampler =
        sampler(Duration.ofSeconds(30), 100, PolicyConfig.named("all", "always_sample"));
    sampler.offer(3, spans(trace(1), 2));
    sampler.close();
    assertThat(kept.spans).as("they stay in the WAL for the next start").isEmpty();
    assertThat(sampler.oldestBufferedSequence()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aSmallDecisionCacheForgetsOldDecisions() {
    var config =
        new io.tracemate.pipeline.sampling.config.TailSamplingConfig(
            Duration.ZERO,
            100,
            null,
            new io.tracemate.pipeline.sampling.config.DecisionCacheConfig(1, 1),
            null,
            List.of(PolicyConfig.named("all", "always_sample")));
    TailSampler sampler = TailSampler.create(config, clock, kept);
    List<TraceId> ids = new ArrayList<>(List.of(trace(1), trace(2)));
    for (TraceId id : ids) {
      sampler.offer(1, List.of(span(id, 0)));
      sampler.tick();
    }
    sampler.offer(2, List.of(span(trace(1), 1), span(trace(2), 1)));
    assertThat(sampler.stats().lateSpans())
        .as("only trace 2's decision is remembered")
        .isEqualTo(1);
    assertThat(sampler.stats().tracesInMemory()).isEqualTo(1);
  }
}
