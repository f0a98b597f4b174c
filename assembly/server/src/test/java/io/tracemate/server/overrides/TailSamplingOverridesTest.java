package io.tracemate.server.overrides;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import io.tracemate.receivers.logs.LogLimits;
import io.tracemate.server.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's own {@code tail_sampling} block in the runtime overrides file: read with the pipeline's record and
 * checked as the pipeline's block is, so a bad policy refuses the file naming file, key path and line; a reload with
 * one is refused whole (the previous overrides stay, the refusal is told and the reload gauge says 0).
 */
class TailSamplingOverridesTest {
  private static final TailSamplingConfig PIPELINE =
      TailSamplingConfig.of(
          Duration.ofSeconds(5), 1000, List.of(PolicyConfig.named("everything", "always_sample")));
  private static final String ERRORS_ONLY =
      """
      overrides:
        team-a:
          tail_sampling:
            decision_wait: 10s
            policies:
              - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
      """;

  @TempDir Path dir;

  private final List<String> refusals = new ArrayList<>();

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("overrides.yaml");
    Path next = dir.resolve("overrides.yaml.next");
    Files.writeString(next, yaml);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private RuntimeOverrides load(String yaml) throws Exception {
    return new ConfigLoader().load(write(yaml), RuntimeOverrides.class, RuntimeOverrides.NONE);
  }

  private RuntimeConfigWatcher watch(String yaml, TailSamplingConfig pipeline) throws Exception {
    return new RuntimeConfigWatcher(
        write(yaml),
        Duration.ofHours(1),
        LogLimits.DEFAULTS,
        EngineLimits.defaults(),
        Duration.ofDays(7),
        Duration.ofDays(7),
        pipeline,
        Clock.systemUTC(),
        new RuntimeConfigWatcher.Listener() {
          @Override
          public void changed(RuntimeConfigWatcher.Change change) {}

          @Override
          public void refused(Path file, String problem) {
            refusals.add(problem);
          }
        });
  }

  @Test
  void aTenantsBlockReplacesThePipelinesForThatTenantOnly() throws Exception {
    try (RuntimeConfigWatcher watcher = watch(ERRORS_ONLY, PIPELINE)) {
      TailSamplingConfig own = watcher.tailSampling(TenantId.parse("team-a"));
      assertThat(own.decisionWait()).isEqualTo(Duration.ofSeconds(10));
      assertThat(own.numTraces()).as("the collector's default").isEqualTo(50_000);
      assertThat(own.policies()).extracting(PolicyConfig::name).containsExactly("errors");
      assertThat(watcher.tailSampling(TenantId.parse("team-b"))).isSameAs(PIPELINE);
      assertThat(watcher.effectiveByTenant(true).get("team-a"))
          .containsEntry("tail_sampling", new EffectiveLimits.TailSamplingInForce(own));
    }
  }

  @Test
  void aBadPolicyRefusesTheFileNamingFileKeyPathAndLine() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    overrides:
                      team-a:
                        tail_sampling:
                          policies: [{name: x, type: sometimes}]
                    """))
        .hasMessageContaining("overrides.yaml")
        .hasMessageContaining("overrides.team-a.tail_sampling")
        .hasMessageContaining("line 3")
        .hasMessageContaining("sometimes");
    assertThatThrownBy(
            () ->
                load(
                    """
                    overrides:
                      team-a:
                        tail_sampling: {num_traces: 0, policies: []}
                    """))
        .hasMessageContaining("overrides.team-a.tail_sampling")
        .hasMessageContaining("tail_sampling.num_traces")
        .hasMessageContaining("tail_sampling.policies");
    assertThatThrownBy(
            () ->
                load(
                    """
                    overrides:
                      team-a:
                        tail_sampling: {decision_wait: soon, policies: []}
                    """))
        .hasMessageContaining("overrides.team-a.tail_sampling.decision_wait")
        .hasMessageContaining("line 3");
  }

  @Test
  void aReloadWithABadPolicyIsRefusedWholeAndThePreviousOverridesStay() throws Exception {
    try (RuntimeConfigWatcher watcher = watch(ERRORS_ONLY, PIPELINE)) {
      write(
          """
          overrides:
            team-a:
              ingestion_rate_spans: 5
              tail_sampling: {policies: [{name: x, type: sometimes}]}
          """);
      assertThat(watcher.reload()).isFalse();
      assertThat(watcher.lastReloadSuccessful()).isFalse();
      assertThat(refusals).singleElement().asString().contains("overrides.team-a.tail_sampling");
      assertThat(watcher.tailSampling(TenantId.parse("team-a")).policies())
          .extracting(PolicyConfig::name)
          .containsExactly("errors");
      assertThat(watcher.spanRate("team-a")).as("nothing of the refused file applies").isNull();
    }
  }

  @Test
  void withoutSamplingInThePipelineATenantsBlockIsRefused() {
    assertThatThrownBy(() -> watch(ERRORS_ONLY, null))
        .hasMessageContaining("overrides.team-a.tail_sampling")
        .hasMessageContaining("the pipeline has no tail_sampling processor");
  }
}
