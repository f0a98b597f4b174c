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
        new RetentionPolicy(
            NOW.minus(Duration.ofDays(7)),
            Map.of(SHORT, NOW.minus(Duration.ofDays(1)), LONG, NOW.minus(Duration.ofDays(30))));

    assertThat(policy.cutoffFor(SHORT)).isEqualTo(NOW.minus(Duration.ofDays(1)));
    assertThat(policy.cutoffFor(LONG)).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(policy.cutoffFor(TenantId.DEFAULT)).isEqualTo(NOW.minus(Duration.ofDays(7)));
    assertThat(policy.cutoffFor(new TenantId("other"))).isEqualTo(policy.defaultCutoff());
    assertThat(policy.earliestCutoff()).isEqualTo(NOW.minus(Duration.ofDays(30)));
  }

  @Test
  void theEarliestCutoffIsTheDefaultWhenEveryOverrideIsShorter() {
    RetentionPolicy policy =
        new RetentionPolicy(
            NOW.minus(Duration.ofDays(7)), Map.of(SHORT, NOW.minus(Duration.ofDays(1))));

    assertThat(policy.earliestCutoff()).isEqualTo(NOW.minus(Duration.ofDays(7)));
  }

  @Test
  void aUniformPolicyHasOneCutoffForEveryTenant() {
    RetentionPolicy policy = RetentionPolicy.uniform(NOW);
    assertThat(policy.cutoffFor(SHORT)).isEqualTo(NOW);
    assertThat(policy.earliestCutoff()).isEqualTo(NOW);
  }
}
