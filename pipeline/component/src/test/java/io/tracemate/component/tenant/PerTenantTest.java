package io.tracemate.component.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PerTenantTest {
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");
  private static final TenantId C = TenantId.parse("team-c");

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<TenantId> made = new ArrayList<>();

  private PerTenant<StringBuilder> holder(int maxTenants, Duration idle) {
    return new PerTenant<>(
        new TenantStateLimits(maxTenants, idle),
        tenant -> {
          made.add(tenant);
          return new StringBuilder(tenant.value());
        },
        now::get);
  }

  @Test
  void aTenantsStateIsMadeOnItsFirstBatchWithItsIdAndKept() {
    PerTenant<StringBuilder> tenants = holder(10, Duration.ofHours(1));
    StringBuilder a = tenants.get(A);
    assertThat(a.toString()).isEqualTo("team-a");
    assertThat(tenants.get(A)).isSameAs(a);
    assertThat(tenants.get(B)).isNotSameAs(a);
    assertThat(made).containsExactly(A, B);
    assertThat(tenants.size()).isEqualTo(2);
  }

  @Test
  void readersNeverMakeState() {
    PerTenant<StringBuilder> tenants = holder(10, Duration.ofHours(1));
    tenants.get(B);
    assertThat(tenants.peek(A)).isNull();
    assertThat(tenants.in(TenantScope.of(A, B)).keySet()).containsExactly(B);
    assertThat(tenants.in(TenantScope.of(A))).isEmpty();
    assertThat(made).containsExactly(B);
  }

  @Test
  void beyondTheBoundANewTenantGetsNothingAndTheHeldOnesKeepTheirState() {
    PerTenant<StringBuilder> tenants = holder(2, Duration.ofHours(1));
    StringBuilder a = tenants.get(A);
    tenants.get(B);
    assertThat(tenants.get(C)).isNull();
    assertThat(tenants.get(C)).isNull();
    assertThat(tenants.refusedBatches()).isEqualTo(2);
    assertThat(tenants.get(A)).isSameAs(a);
    assertThat(tenants.all().keySet()).containsExactly(A, B);
  }

  @Test
  void idleTenantsAreForgottenUnlessTheirStateSaysNoAndThenMakeRoom() {
    PerTenant<StringBuilder> tenants = holder(2, Duration.ofMinutes(10));
    tenants.get(A);
    tenants.get(B).append("-busy");
    now.addAndGet(Duration.ofMinutes(11).toMillis());
    assertThat(tenants.forgetIdle(state -> !state.toString().endsWith("-busy")).keySet())
        .containsExactly(A);
    assertThat(tenants.forgottenTenants()).isEqualTo(1);
    assertThat(tenants.peek(A)).isNull();
    assertThat(tenants.peek(B)).isNotNull();
    assertThat(tenants.get(C)).as("the forgotten tenant's place").isNotNull();
    assertThat(tenants.get(A)).as("bound reached again").isNull();
  }

  @Test
  void aTenantWithRecentDataIsNotForgotten() {
    PerTenant<StringBuilder> tenants = holder(5, Duration.ofMinutes(10));
    tenants.get(A);
    now.addAndGet(Duration.ofMinutes(9).toMillis());
    tenants.get(A);
    now.addAndGet(Duration.ofMinutes(9).toMillis());
    assertThat(tenants.forgetIdle(state -> true)).isEmpty();
    assertThat(tenants.peek(A)).isNotNull();
  }

  @Test
  void sweepsRunAtMostOnceAMinute() {
    PerTenant<StringBuilder> tenants = holder(5, Duration.ofSeconds(10));
    tenants.get(A);
    now.addAndGet(Duration.ofSeconds(30).toMillis());
    assertThat(tenants.forgetIdle(state -> true)).as("the first sweep is a minute away").isEmpty();
    now.addAndGet(Duration.ofSeconds(31).toMillis());
    assertThat(tenants.forgetIdle(state -> true).keySet()).containsExactly(A);
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> new TenantStateLimits(0, Duration.ofHours(1)))
        .hasMessageContaining("maxTenants must be at least 1");
    assertThatThrownBy(() -> new TenantStateLimits(1, Duration.ZERO))
        .hasMessageContaining("idleTimeout must be positive");
  }
}
