package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static io.tracemate.pipeline.sampling.SamplingFixtures.span;
import static io.tracemate.pipeline.sampling.SamplingFixtures.spans;
import static io.tracemate.pipeline.sampling.SamplingFixtures.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.PolicyConfig.StringAttribute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rate_limiting and composite budgets, on an injected clock. */
class RateLimitsTest {
  private final ManualClock clock = new ManualClock();
  private final Kept kept = new Kept();

  /** A sampler deciding at once with one rate_limiting policy. */
  private TailSampler rateLimited(long spansPerSecond, int numTraces) {
    return TailSampler.create(
        config(
            Duration.ZERO,
            numTraces,
            PolicyConfig.of("rl", new PolicyConfig.RateLimiting(spansPerSecond))),
        clock,
        kept);
  }

  @Test
  void rateLimitingAllowsABurstOfTwiceTheRateThenTheRate() {
    TailSampler sampler = rateLimited(100L, 10_000);
    int traceNumber = 0;
    for (int i = 0; i < 30; i++) {
      sampler.offer(1, spans(trace(traceNumber++), 10));
    }
    sampler.tick();
    assertThat(kept.spans).as("the bucket starts full: 2 x 100 spans").hasSize(200);

    clock.advance(Duration.ofMillis(500));
    for (int i = 0; i < 30; i++) {
      sampler.offer(2, spans(trace(traceNumber++), 10));
    }
    sampler.tick();
    assertThat(kept.spans).as("half a second refills 50 spans").hasSize(250);
  }

  @Test
  void rateLimitingHoldsTheRateOverTime() {
    TailSampler sampler = rateLimited(50L, 10_000);
    int traceNumber = 0;
    for (int tenth = 0; tenth < 200; tenth++) { // 20 s, 40 spans every 100 ms = 400 spans/s offered
      for (int i = 0; i < 8; i++) {
        sampler.offer(tenth + 1, spans(trace(traceNumber++), 5));
      }
      sampler.tick();
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(kept.spans.size()).as("burst 100 + 50/s over ~20 s").isBetween(1_000, 1_100);
    assertThat(sampler.stats().spansDropped()).isEqualTo(8_000 - kept.spans.size());
  }

  @Test
  void aTraceLargerThanTheBurstNeverPasses() {
    TailSampler sampler = rateLimited(5L, 100);
    sampler.offer(1, spans(trace(1), 11));
    sampler.tick();
    assertThat(kept.spans).isEmpty();
  }

  private static PolicyConfig composite(
      long maxTotal,
      List<String> order,
      List<PolicyConfig> subs,
      List<PolicyConfig.RateAllocation> allocation) {
    return PolicyConfig.of(
        "composite", new PolicyConfig.Composite(maxTotal, order, subs, allocation));
  }

  @Test
  void compositeGivesEachSubPolicyItsShareOfTheSpansPerSecond() {
    PolicyConfig vip = PolicyConfig.of("vip", StringAttribute.exact("customer.tier", "gold"));
    PolicyConfig rest = PolicyConfig.named("rest", "always_sample");
    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ZERO,
                10_000,
                composite(
                    100,
                    List.of("vip", "rest"),
                    List.of(rest, vip),
                    List.of(
                        new PolicyConfig.RateAllocation("vip", 60L),
                        new PolicyConfig.RateAllocation("rest", 40L)))),
            clock,
            kept);
    List<Span> batch = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      Span first =
          span(
              trace(t),
              0,
              "shop",
              "checkout",
              5,
              Attribute.of("customer.tier", t % 2 == 0 ? "gold" : "free"));
      batch.add(first);
      batch.addAll(spans(trace(t), 10).subList(1, 10));
    }
    sampler.offer(1, batch);
    sampler.tick();
    long gold = kept.traceIds().stream().filter(id -> id.low() % 2 == 0).count();
    long free = kept.traceIds().size() - gold;
    assertThat(gold).as("vip is tried first (policy_order), 60 spans/s = 6 traces").isEqualTo(6);
    assertThat(free).as("rest gets 40 spans/s").isEqualTo(4);

    clock.advance(Duration.ofSeconds(1));
    sampler.offer(2, spans(trace(100), 10));
    sampler.tick();
    assertThat(kept.traceIds()).as("a new second, a new budget").contains(trace(100));
  }

  @Test
  void aCompositeSubPolicyWithoutAllocationSamplesNothing() {
    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ZERO,
                100,
                composite(
                    1_000,
                    List.of(),
                    List.of(PolicyConfig.named("unfunded", "always_sample")),
                    List.of())),
            clock,
            kept);
    sampler.offer(1, spans(trace(1), 1));
    sampler.tick();
    assertThat(kept.spans).isEmpty();
  }
}
