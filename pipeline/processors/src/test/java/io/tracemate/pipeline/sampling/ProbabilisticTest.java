package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The probabilistic policy: its share, its agreement with the OpenTelemetry SDK, and the salted variant. */
class ProbabilisticTest {
  private static final int TRACES = 50_000;

  /** Random trace IDs, from a fixed seed so that a failure reproduces. */
  private static List<TraceId> traceIds(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return java.util.stream.Stream.generate(() -> new TraceId(random.nextLong(), random.nextLong()))
        .limit(TRACES)
        .toList();
  }

  private static Set<TraceId> keptBySampler(double percentage, String salt, List<TraceId> ids) {
    Kept kept = new Kept();
    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ZERO,
                ids.size(),
                PolicyConfig.of("p", new PolicyConfig.Probabilistic(salt, percentage))),
            new ManualClock(),
            kept);
    List<Span> batch = new java.util.ArrayList<>();
    for (TraceId id : ids) {
      batch.add(Span.builder().traceId(id).spanId(new SpanId(1)).build());
    }
    sampler.offer(1, batch);
    sampler.tick();
    return new HashSet<>(kept.traceIds());
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 1, 10, 25, 50, 99})
  void keepsTheSameTracesAsTheSdksTraceIdRatioBasedSampler(double percentage) {
    List<TraceId> ids = traceIds(7).subList(0, 40_000);
    Sampler sdk = Sampler.traceIdRatioBased(percentage / 100);
    Set<TraceId> expected = new HashSet<>();
    for (TraceId id : ids) {
      SamplingDecision decision =
          sdk.shouldSample(
                  Context.root(), id.toHex(), "op", SpanKind.SERVER, Attributes.empty(), List.of())
              .getDecision();
      if (decision == SamplingDecision.RECORD_AND_SAMPLE) {
        expected.add(id);
      }
    }

    Set<TraceId> kept = keptBySampler(percentage, null, ids);

    assertThat(kept).as("trace by trace").isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1, 10, 50})
  void theShareIsWithinStatisticalBoundsWithAndWithoutSalt(double percentage) {
    double p = percentage / 100;
    double sigma = Math.sqrt(TRACES * p * (1 - p));
    for (String salt : new String[] {null, "layer-2"}) {
      int kept = keptBySampler(percentage, salt, traceIds(11)).size();
      assertThat((double) kept)
          .as("salt %s", salt)
          .isBetween(TRACES * p - 5 * sigma, TRACES * p + 5 * sigma);
    }
  }

  @Test
  void zeroKeepsNothingAndHundredKeepsEverything() {
    List<TraceId> ids = traceIds(3).subList(0, 5_000);
    assertThat(keptBySampler(0, null, ids)).isEmpty();
    assertThat(keptBySampler(100, null, ids)).hasSize(5_000);
    assertThat(keptBySampler(100, "s", ids)).hasSize(5_000);
  }

  @Test
  void differentSaltsChooseDifferentTracesAndTheSameSaltTheSameOnes() {
    List<TraceId> ids = traceIds(5).subList(0, 20_000);
    Set<TraceId> a = keptBySampler(10, "a", ids);
    assertThat(keptBySampler(10, "a", ids)).isEqualTo(a);
    Set<TraceId> b = keptBySampler(10, "b", ids);
    Set<TraceId> both = new HashSet<>(a);
    both.retainAll(b);
    assertThat(both.size()).as("independent 10%% samples overlap on about 1%%").isBetween(100, 320);
  }

  @Test
  void theSaltedHashIsFnv1a64AsInGo() {
    // reference values of Go's hash/fnv New64a
    assertThat(ProbabilisticPolicy.fnv1a64(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(ProbabilisticPolicy.fnv1a64("a".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(ProbabilisticPolicy.fnv1a64("foobar".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0x85944171f73967e8L);
  }
}
