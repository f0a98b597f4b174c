package io.tracemate.pipeline.sampling;

import static io.tracemate.pipeline.sampling.SamplingFixtures.span;
import static io.tracemate.pipeline.sampling.SamplingFixtures.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.model.Attribute;
import io.tracemate.pipeline.config.PipelineConfigException;
import io.tracemate.pipeline.sampling.SamplingFixtures.Kept;
import io.tracemate.pipeline.sampling.SamplingFixtures.ManualClock;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the server does: read a pasted collector {@code tail_sampling} block into the config and build it. */
class TailSamplingYamlTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule()
                  .addDeserializer(
                      Duration.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(
                            JsonParser parser, DeserializationContext context) throws IOException {
                          return HumanDuration.parse(parser.getValueAsString());
                        }
                      }));

  static TailSamplingConfig read(String yaml) throws IOException {
    return YAML.treeToValue(YAML.readTree(yaml).get("tail_sampling"), TailSamplingConfig.class);
  }

  /** The collector README's example, without its bytes_limiting and ottl_condition policies. */
  private static final String COLLECTOR_EXAMPLE =
      """
      tail_sampling:
        decision_wait: 10s
        num_traces: 100
        expected_new_traces_per_sec: 10
        decision_cache:
          sampled_cache_size: 100_000
          non_sampled_cache_size: 100_000
        policies:
          [
              {
                name: test-policy-1,
                type: always_sample
              },
              {
                name: test-policy-2,
                type: latency,
                latency: {threshold_ms: 5000, upper_threshold_ms: 10000}
              },
              {
                name: test-policy-3,
                type: numeric_attribute,
                numeric_attribute: {key: key1, min_value: 50, max_value: 100}
              },
              {
                name: test-policy-4,
                type: probabilistic,
                probabilistic: {sampling_percentage: 10}
              },
              {
                name: test-policy-5,
                type: status_code,
                status_code: {status_codes: [ERROR, UNSET]}
              },
              {
                name: test-policy-6,
                type: string_attribute,
                string_attribute: {key: key2, values: [value1, value2]}
              },
              {
                name: test-policy-7,
                type: string_attribute,
                string_attribute: {key: key2, values: [value1, val*], enabled_regex_matching: true, cache_max_size: 10}
              },
              {
                name: test-policy-8,
                type: rate_limiting,
                rate_limiting: {spans_per_second: 35}
             },
             {
                name: test-policy-10,
                type: span_count,
                span_count: {min_spans: 2, max_spans: 20}
             },
             {
                 name: test-policy-11,
                 type: trace_state,
                 trace_state: { key: key3, values: [value1, value2] }
             },
             {
                  name: test-policy-12,
                  type: boolean_attribute,
                  boolean_attribute: {key: key4, value: true}
             },
             {
                name: and-policy-1,
                type: and,
                and: {
                  and_sub_policy:
                  [
                    {
                      name: test-and-policy-1,
                      type: numeric_attribute,
                      numeric_attribute: { key: key1, min_value: 50, max_value: 100 }
                    },
                    {
                        name: test-and-policy-2,
                        type: string_attribute,
                        string_attribute: { key: key2, values: [ value1, value2 ] }
                    },
                  ]
                }
             },
             {
                name: drop-policy-1,
                type: drop,
                drop: {
                  drop_sub_policy:
                  [
                    {
                        name: test-drop-policy-1,
                        type: string_attribute,
                        string_attribute: {key: url.path, values: [\\/health, \\/metrics], enabled_regex_matching: true}
                    }
                  ]
                }
             },
             {
                name: composite-policy-1,
                type: composite,
                composite:
                  {
                    max_total_spans_per_second: 1000,
                    policy_order: [test-composite-policy-1, test-composite-policy-2, test-composite-policy-3],
                    composite_sub_policy:
                      [
                        {
                          name: test-composite-policy-1,
                          type: numeric_attribute,
                          numeric_attribute: {key: key1, min_value: 50}
                        },
                        {
                          name: test-composite-policy-2,
                          type: string_attribute,
                          string_attribute: {key: key2, values: [value1, value2]}
                        },
                        {
                          name: test-composite-policy-3,
                          type: always_sample
                        }
                      ],
                    rate_allocation:
                      [
                        {
                          policy: test-composite-policy-1,
                          percent: 50
                        },
                        {
                          policy: test-composite-policy-2,
                          percent: 25
                        }
                      ]
                  }
              },
            ]
      """;

  @Test
  void theCollectorReadmeExamplePastesAsIs() throws Exception {
    TailSamplingConfig config = read(COLLECTOR_EXAMPLE);

    assertThat(config.decisionWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.numTraces()).isEqualTo(100);
    assertThat(config.decisionCache().sampledCacheSize()).isEqualTo(100_000);
    assertThat(config.policies()).hasSize(14);

    ManualClock clock = new ManualClock();
    Kept kept = new Kept();
    TailSampler sampler = TailSampler.create(config, clock, kept);
    sampler.offer(
        1,
        List.of(
            span(trace(1), 0),
            span(trace(2), 0, "api", "GET /health", 1, Attribute.of("url.path", "/health"))));
    clock.advance(Duration.ofSeconds(10));
    sampler.tick();
    assertThat(kept.traceIds())
        .as("always_sample keeps trace 1, the drop policy wins for /health")
        .containsExactly(trace(1));
    assertThat(sampler.stats().decisionsByPolicy())
        .containsKeys("test-policy-1", "drop-policy-1", "composite-policy-1");
  }

  @Test
  void defaultsAreTheCollectors() throws Exception {
    TailSamplingConfig config =
        read(
            """
        tail_sampling:
          policies: [{name: all, type: always_sample}]
        """);
    assertThat(config.decisionWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.numTraces()).isEqualTo(50_000);
    assertThat(config.expectedNewTracesPerSec()).isZero();
    assertThat(config.sampleOnFirstMatch()).isFalse();
  }

  @Test
  void perEndpointLatencyIsWrittenAsOverrides() throws Exception {
    TailSamplingConfig config =
        read(
            """
        tail_sampling:
          decision_wait: 500ms
          policies:
            - name: slow
              type: latency
              latency:
                threshold_ms: 1000
                overrides:
                  - {service: order-service, span_name: "GET /orders", threshold_ms: 500}
        """);
    Kept kept = new Kept();
    ManualClock clock = new ManualClock();
    TailSampler sampler = TailSampler.create(config, clock, kept);
    sampler.offer(
        1,
        List.of(
            span(trace(1), 0, "order-service", "GET /orders", 650),
            span(trace(2), 0, "order-service", "GET /orders", 450),
            span(trace(3), 0, "cart", "GET /orders", 650)));
    clock.advance(Duration.ofMillis(500));
    sampler.tick();
    assertThat(kept.traceIds()).containsExactly(trace(1));
  }

  @Test
  void theProbabilisticSaltIsTheCollectorsHashSaltAlsoReadAsHashingSeed() throws Exception {
    TailSamplingConfig salt =
        read(
            """
        tail_sampling:
          policies: [{name: p, type: probabilistic, probabilistic: {hash_salt: layer-2, sampling_percentage: 5}}]
        """);
    TailSamplingConfig seed =
        read(
            """
        tail_sampling:
          policies: [{name: p, type: probabilistic, probabilistic: {hashing_seed: layer-2, sampling_percentage: 5}}]
        """);
    assertThat(salt.policies().getFirst().probabilistic().hashSalt()).isEqualTo("layer-2");
    assertThat(seed.policies()).isEqualTo(salt.policies());
  }

  @Test
  void ottlConditionIsRefusedByName() throws Exception {
    TailSamplingConfig config =
        read(
            """
        tail_sampling:
          policies:
            - name: ottl
              type: ottl_condition
              ottl_condition:
                error_mode: ignore
                span: ['attributes["x"] == "y"']
        """);
    assertThatThrownBy(() -> TailSampler.create(config, new ManualClock(), new Kept()))
        .isInstanceOf(PipelineConfigException.class)
        .hasMessageContaining(
            "tail_sampling.policies[0].type: policy type 'ottl_condition' is not supported");
  }

  @Test
  void everyProblemIsReportedWithItsPath() throws Exception {
    TailSamplingConfig config =
        read(
            """
        tail_sampling:
          num_traces: 0
          policies:
            - {name: a, type: latency}
            - {name: a, type: status_code, status_code: {status_codes: [ERR]}}
            - {name: p, type: probabilistic, probabilistic: {sampling_percentage: 150}}
            - {name: r, type: string_attribute, string_attribute: {key: k, values: ["(unclosed"], enabled_regex_matching: true}}
            - {name: c, type: composite, composite: {max_total_spans_per_second: 10, policy_order: [nope],
               composite_sub_policy: [{name: x, type: always_sample}], rate_allocation: [{policy: x, percent: 120}]}}
            - {name: d, type: and, and: {and_sub_policy: [{name: inner, type: numeric_attribute, numeric_attribute: {key: n}}]}}
            - {name: l, type: latency, latency: {threshold_ms: 100, overrides: [{threshold_ms: 5}]}}
            - {name: u, type: sometimes}
        """);
    assertThatThrownBy(() -> TailSampler.create(config, new ManualClock(), new Kept()))
        .isInstanceOfSatisfying(
            PipelineConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "tail_sampling.num_traces: must be at least 1, got 0",
                        "tail_sampling.policies[0].latency: is required for a policy of type latency",
                        "tail_sampling.policies[1].name: 'a' is used by another policy in the same list",
                        "tail_sampling.policies[1].status_code.status_codes[0]: unknown status code 'ERR', expected ERROR, OK or UNSET",
                        "tail_sampling.policies[2].probabilistic.sampling_percentage: must be between 0 and 100, got 150.0",
                        "tail_sampling.policies[3].string_attribute.values[0]: error parsing regexp: missing closing ): `(unclosed`",
                        "tail_sampling.policies[4].composite.rate_allocation[0].percent: must be between 0 and 100, got 120",
                        "tail_sampling.policies[4].composite.rate_allocation: percentages add up to 120, more than 100",
                        "tail_sampling.policies[4].composite.policy_order[0]: 'nope' is not one of composite_sub_policy [x]",
                        "tail_sampling.policies[5].and.and_sub_policy[0].numeric_attribute: needs min_value and/or max_value",
                        "tail_sampling.policies[6].latency.overrides[0]: needs service and/or span_name",
                        "tail_sampling.policies[7].type: unknown policy type 'sometimes', expected one of "
                            + PolicyFactory.SUPPORTED_TYPES));
  }
}
