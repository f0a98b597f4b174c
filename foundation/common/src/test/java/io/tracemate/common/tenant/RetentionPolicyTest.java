package io.tracemate.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final TenantId SHORT = new TenantId("short");
  private static final TenantId LONG = new TenantId("long");

  @Test
  void aTenantWithAnOverrideHasItsOwnCutoffAndEveryOtherTheDefault() {
    RetentionPolicy policy =
        RetentionPolicy.of(
            NOW, Duration.ofDays(7), Map.of(SHORT, Duration.ofDays(1), LONG, Duration.ofDays(30)));

    assertThat(policy.cutoffFor(SHORT)).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(policy.cutoffFor(LONG)).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(policy.cutoffFor(TenantId.DEFAULT)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(policy.cutoffFor(new TenantId("other"))).isEqualTo(policy.defaultCutoff());
    assertThat(policy.earliestCutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(policy.isUniform()).isFalse();
  }

  @Test
  void theEarliestCutoffIsTheDefaultWhenEveryOverrideIsShorter() {
    RetentionPolicy policy =
        RetentionPolicy.of(NOW, Duration.ofDays(7), Map.of(SHORT, Duration.ofDays(1)));

    assertThat(policy.earliestCutoff()).isEqualTo(NOW.minus(Duration.ofDays(7)));
  }

  @Test
  void aUniformPolicyHasOneCutoffForEveryTenant() {
    RetentionPolicy policy = RetentionPolicy.uniform(NOW);

    assertThat(policy.isUniform()).isTrue();
    assertThat(policy.cutoffFor(SHORT)).isEqualTo(NOW);
    assertThat(policy.earliestCutoff()).isEqualTo(NOW);
    assertThat(
            RetentionPolicy.of(NOW, Duration.ofDays(7), Map.of(SHORT, Duration.ofDays(7)))
                .isUniform())
        .isTrue();
  }
}
