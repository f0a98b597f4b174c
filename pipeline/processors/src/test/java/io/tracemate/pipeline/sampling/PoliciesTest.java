package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.config;
import static io.tracemate.pipeline.sampling.SamplingFixtures.errorSpan;
import static io.tracemate.pipeline.sampling.SamplingFixtures.span;
import static io.tracemate.pipeline.sampling.SamplingFixtures.spans;
import static io.tracemate.pipeline.sampling.SamplingFixtures.trace;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.PolicyConfig.BooleanAttribute;
import io.tracemate.pipeline.sampling.config.PolicyConfig.Latency;
import io.tracemate.pipeline.sampling.config.PolicyConfig.LatencyOverride;
import io.tracemate.pipeline.sampling.config.PolicyConfig.NumericAttribute;
import io.tracemate.pipeline.sampling.config.PolicyConfig.StringAttribute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each policy type's semantics, and how the verdicts of several policies combine (the collector's rules). */
class PoliciesTest {
  private final ManualClock clock = new ManualClock();

  /** Decides each trace alone and returns whether it was kept. */
  private boolean kept(List<PolicyConfig> policies, List<Span> traceSpans) {
    Kept kept = new Kept();
    TailSampler sampler =
        TailSampler.create(
            config(Duration.ofSeconds(30), 100, policies.toArray(PolicyConfig[]::new)),
            clock,
            kept);
    sampler.offer(1, traceSpans);
    sampler.decideAll();
    return !kept.spans.isEmpty();
  }

  private static Span withAttributes(Span span, Attribute... attributes) {
    return span.toBuilder().attributes(List.of(attributes)).build();
  }

  private static Span withResource(Span span, Attribute... attributes) {
    List<Attribute> all = new ArrayList<>(span.resource().attributes());
    all.addAll(List.of(attributes));
    return span.toBuilder().resource(new Resource(all, 0)).build();
  }

  private static PolicyConfig numeric(String key, Long min, Long max, boolean invert) {
    return PolicyConfig.of("numeric", new NumericAttribute(key, min, max, invert));
  }

  private static PolicyConfig bool(String key, boolean value, boolean invert) {
    return PolicyConfig.of("bool", new BooleanAttribute(key, value, invert));
  }

  /** A latency policy with a whole-trace threshold (or none) and one per-endpoint override. */
  private static PolicyConfig withOverride(Long traceThresholdMs, LatencyOverride override) {
    return PolicyConfig.of("l", new Latency(traceThresholdMs, null, null, null, List.of(override)));
  }

  private static PolicyConfig string(StringAttribute block) {
    return PolicyConfig.of("string", block);
  }

  private static PolicyConfig spanCount(int min, int max) {
    return PolicyConfig.of("count", new PolicyConfig.SpanCount(min, max));
  }

  private static PolicyConfig traceState(String key, String... values) {
    return PolicyConfig.of("ts", new PolicyConfig.TraceState(key, List.of(values)));
  }

  private static PolicyConfig and(PolicyConfig... subs) {
    return PolicyConfig.of("and", new PolicyConfig.And(List.of(subs)));
  }

  private static PolicyConfig drop(PolicyConfig... subs) {
    return PolicyConfig.of("drop", new PolicyConfig.Drop(List.of(subs)));
  }

  static Stream<Arguments> singlePolicies() {
    TraceId t = trace(42);
    Span fast = span(t, 0, "frontend", "GET /", 10);
    Span slow = span(t, 1, "frontend", "GET /", 1_200);
    Span orders = span(t, 2, "order-service", "GET /orders", 600);
    Span ordersFast = span(t, 2, "order-service", "GET /orders", 400);
    return Stream.of(
        Arguments.of(
            "always_sample", PolicyConfig.named("a", "always_sample"), List.of(fast), true),
        Arguments.of(
            "status ERROR, an error span",
            PolicyConfig.of("s", PolicyConfig.StatusCodes.of("ERROR")),
            List.of(fast, errorSpan(t, 3)),
            true),
        Arguments.of(
            "status ERROR, no error",
            PolicyConfig.of("s", PolicyConfig.StatusCodes.of("ERROR")),
            List.of(fast),
            false),
        Arguments.of(
            "status UNSET",
            PolicyConfig.of("s", PolicyConfig.StatusCodes.of("UNSET", "OK")),
            List.of(fast),
            true),
        Arguments.of(
            "latency 1000, slow span",
            PolicyConfig.of("l", Latency.of(1_000)),
            List.of(fast, slow),
            true),
        Arguments.of(
            "latency 1000, 10 ms", PolicyConfig.of("l", Latency.of(1_000)), List.of(fast), false),
        Arguments.of(
            "latency: trace duration is first start to last end, exactly at threshold",
            PolicyConfig.of("l", Latency.of(1_000)),
            List.of(
                fast,
                span(t, 5, "b", "x", 400).toBuilder()
                    .startEpochNanos(SamplingFixtures.START + 600_000_000L)
                    .endEpochNanos(SamplingFixtures.START + 1_000_000_000L)
                    .build()),
            true),
        Arguments.of(
            "latency with upper bound, above it",
            PolicyConfig.of("l", new Latency(100L, 1_000L, null, null, null)),
            List.of(slow),
            false),
        Arguments.of(
            "latency with upper bound, inside",
            PolicyConfig.of("l", new Latency(100L, 2_000L, null, null, null)),
            List.of(slow),
            true),
        Arguments.of(
            "latency with upper bound: lower bound is exclusive",
            PolicyConfig.of("l", new Latency(10L, 2_000L, null, null, null)),
            List.of(fast),
            false),
        Arguments.of(
            "per-endpoint override, slow endpoint",
            withOverride(1_000L, new LatencyOverride("order-service", "GET /orders", 500L, null)),
            List.of(fast, orders),
            true),
        Arguments.of(
            "per-endpoint override, endpoint under its threshold",
            withOverride(1_000L, new LatencyOverride("order-service", "GET /orders", 500L, null)),
            List.of(fast, ordersFast),
            false),
        Arguments.of(
            "per-endpoint override: the whole-trace rule still applies",
            withOverride(1_000L, new LatencyOverride("order-service", "GET /orders", 500L, null)),
            List.of(slow, ordersFast),
            true),
        Arguments.of(
            "per-endpoint override: another service's 600 ms span does not count",
            withOverride(1_000L, new LatencyOverride("payment", "GET /orders", 500L, null)),
            List.of(fast, orders),
            false),
        Arguments.of(
            "only overrides, no trace rule: a 1.2 s frontend span is not enough",
            withOverride(null, new LatencyOverride("order-service", null, 500L, null)),
            List.of(slow, ordersFast),
            false),
        Arguments.of(
            "service filter at top level: the span's own duration",
            PolicyConfig.of("l", new Latency(500L, null, "order-service", null, null)),
            List.of(fast, orders),
            true),
        Arguments.of(
            "string exact, span attribute",
            string(StringAttribute.exact("business.transaction", "checkout")),
            List.of(fast, withAttributes(fast, Attribute.of("business.transaction", "checkout"))),
            true),
        Arguments.of(
            "string exact, resource attribute",
            string(StringAttribute.exact("deployment.environment", "prod")),
            List.of(withResource(fast, Attribute.of("deployment.environment", "prod"))),
            true),
        Arguments.of(
            "string exact, other value",
            string(StringAttribute.exact("business.transaction", "checkout")),
            List.of(withAttributes(fast, Attribute.of("business.transaction", "browse"))),
            false),
        Arguments.of(
            "string: a number attribute is not a string",
            string(StringAttribute.exact("code", "5")),
            List.of(withAttributes(fast, Attribute.of("code", 5L))),
            false),
        Arguments.of(
            "string regex, unanchored like Go",
            string(new StringAttribute("url.path", List.of("/health"), true, null, false)),
            List.of(withAttributes(fast, Attribute.of("url.path", "/api/health/live"))),
            true),
        Arguments.of(
            "string regex, Go named group",
            string(
                new StringAttribute("url.path", List.of("^/v1/(?P<id>[0-9]+)$"), true, 10, false)),
            List.of(withAttributes(fast, Attribute.of("url.path", "/v1/42"))),
            true),
        Arguments.of(
            "string invert: a match anywhere drops",
            string(new StringAttribute("team", List.of("team_a"), false, null, true)),
            List.of(fast, withAttributes(fast, Attribute.of("team", "team_a"))),
            false),
        Arguments.of(
            "string invert: without the key the trace is kept",
            string(new StringAttribute("team", List.of("team_a"), false, null, true)),
            List.of(fast),
            true),
        Arguments.of(
            "numeric in range",
            numeric("http.response.status_code", 500L, 599L, false),
            List.of(withAttributes(fast, Attribute.of("http.response.status_code", 503L))),
            true),
        Arguments.of(
            "numeric: bounds are inclusive",
            numeric("n", 500L, 599L, false),
            List.of(withAttributes(fast, Attribute.of("n", 599L))),
            true),
        Arguments.of(
            "numeric out of range",
            numeric("n", 500L, 599L, false),
            List.of(withAttributes(fast, Attribute.of("n", 404L))),
            false),
        Arguments.of(
            "numeric, only min_value",
            numeric("n", 500L, null, false),
            List.of(withAttributes(fast, Attribute.of("n", 100_000L))),
            true),
        Arguments.of(
            "numeric invert, in range",
            numeric("n", 500L, 599L, true),
            List.of(withAttributes(fast, Attribute.of("n", 503L))),
            false),
        Arguments.of(
            "numeric invert, out of range",
            numeric("n", 500L, 599L, true),
            List.of(withAttributes(fast, Attribute.of("n", 200L))),
            true),
        Arguments.of(
            "boolean true",
            bool("app.force_sample", true, false),
            List.of(withAttributes(fast, Attribute.of("app.force_sample", true))),
            true),
        Arguments.of(
            "boolean: a string 'true' is not a boolean",
            bool("app.force_sample", true, false),
            List.of(withAttributes(fast, Attribute.of("app.force_sample", "true"))),
            false),
        Arguments.of(
            "boolean invert",
            bool("app.do_not_sample", true, true),
            List.of(withAttributes(fast, Attribute.of("app.do_not_sample", true))),
            false),
        Arguments.of("span_count in range", spanCount(2, 3), spans(t, 3), true),
        Arguments.of("span_count above max", spanCount(2, 3), spans(t, 4), false),
        Arguments.of("span_count max 0 = no bound", spanCount(2, 0), spans(t, 40), true),
        Arguments.of("span_count below min", spanCount(2, 0), spans(t, 1), false),
        Arguments.of(
            "trace_state match",
            traceState("vendor", "keep"),
            List.of(fast.toBuilder().traceState("rojo=00f067aa0ba902b7, vendor=keep").build()),
            true),
        Arguments.of(
            "trace_state other value",
            traceState("vendor", "keep"),
            List.of(fast.toBuilder().traceState("vendor=drop").build()),
            false),
        Arguments.of(
            "and: all match",
            and(PolicyConfig.of("e", PolicyConfig.StatusCodes.of("ERROR")), spanCount(2, 0)),
            List.of(fast, errorSpan(t, 9)),
            true),
        Arguments.of(
            "and: one does not",
            and(PolicyConfig.of("e", PolicyConfig.StatusCodes.of("ERROR")), spanCount(3, 0)),
            List.of(fast, errorSpan(t, 9)),
            false),
        Arguments.of(
            "and: an inverted match counts as a match",
            and(
                string(new StringAttribute("team", List.of("team_a"), false, null, true)),
                spanCount(1, 0)),
            List.of(fast),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singlePolicies")
  void eachPolicyOnItsOwn(
      String description, PolicyConfig policy, List<Span> traceSpans, boolean expectedKept) {
    assertThat(kept(List.of(policy), traceSpans)).isEqualTo(expectedKept);
  }

  @Test
  void everyErrorTraceAndEverySlowTraceIsKeptAndTheRestDropped() {
    Kept kept = new Kept();
    TailSampler sampler =
        TailSampler.create(
            config(
                Duration.ofSeconds(30),
                10_000,
                PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR")),
                PolicyConfig.of("slow", Latency.of(500)),
                PolicyConfig.of("baseline", new PolicyConfig.Probabilistic(null, 0.0))),
            clock,
            kept);
    List<TraceId> expected = new ArrayList<>();
    for (int t = 0; t < 3_000; t++) {
      TraceId id = trace(t);
      List<Span> traceSpans = new ArrayList<>(spans(id, 4));
      if (t % 7 == 0) {
        traceSpans.set(2, errorSpan(id, 2));
      }
      if (t % 11 == 0) {
        traceSpans.add(span(id, 9, "db", "SELECT", 500 + t % 100));
      }
      if (t % 7 == 0 || t % 11 == 0) {
        expected.add(id);
      }
      sampler.offer(t + 1, traceSpans);
    }
    clock.advance(Duration.ofSeconds(30));
    sampler.tick();
    assertThat(kept.traceIds()).containsExactlyElementsOf(expected);
    assertThat(kept.spans).hasSize(expected.size() * 4 + (3_000 / 11 + 1));
  }

  static Stream<Arguments> combinations() {
    PolicyConfig always = PolicyConfig.named("always", "always_sample");
    PolicyConfig errors = PolicyConfig.of("errors", PolicyConfig.StatusCodes.of("ERROR"));
    PolicyConfig notTeamA =
        PolicyConfig.of(
            "not-team-a", new StringAttribute("team", List.of("team_a"), false, null, true));
    PolicyConfig dropHealth =
        PolicyConfig.of(
            "drop-health",
            new PolicyConfig.Drop(
                List.of(
                    PolicyConfig.of(
                        "health",
                        new StringAttribute("url.path", List.of("/health"), true, null, false)))));
    Span plain = span(trace(1), 0);
    Span error = errorSpan(trace(1), 1);
    Span teamA = withAttributes(span(trace(1), 2), Attribute.of("team", "team_a"));
    Span health = withAttributes(span(trace(1), 3), Attribute.of("url.path", "/health"));
    return Stream.of(
        Arguments.of(
            "a drop match beats always_sample",
            List.of(always, dropHealth),
            List.of(health),
            false),
        Arguments.of(
            "drop does not match: always_sample keeps",
            List.of(always, dropHealth),
            List.of(plain),
            true),
        Arguments.of(
            "inverted not-sampled beats a sample",
            List.of(errors, notTeamA),
            List.of(error, teamA),
            false),
        Arguments.of(
            "inverted sampled keeps when nothing says not sampled",
            List.of(notTeamA),
            List.of(plain),
            true),
        Arguments.of(
            "inverted sampled loses to a plain not-sampled",
            List.of(notTeamA, errors),
            List.of(plain),
            false),
        Arguments.of("any sample keeps", List.of(errors, notTeamA), List.of(error), true));
  }

  @Test
  void sampleOnFirstMatchStopsAtTheFirstPolicyThatSamples() {
    PolicyConfig dropEverything = drop(PolicyConfig.named("all", "always_sample"));
    List<PolicyConfig> policies =
        List.of(PolicyConfig.named("always", "always_sample"), dropEverything);
    Kept kept = new Kept();
    TailSampler sampler =
        TailSampler.create(
            new io.tracemate.pipeline.sampling.config.TailSamplingConfig(
                Duration.ZERO, 10, null, null, true, policies),
            clock,
            kept);
    sampler.offer(1, spans(trace(1), 1));
    sampler.tick();
    assertThat(kept.spans).as("the drop policy was never evaluated").hasSize(1);
    assertThat(kept(policies, spans(trace(1), 1))).as("without the option the drop wins").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("combinations")
  void verdictsCombineAsInTheCollector(
      String description,
      List<PolicyConfig> policies,
      List<Span> traceSpans,
      boolean expectedKept) {
    assertThat(kept(policies, traceSpans)).isEqualTo(expectedKept);
  }
}
