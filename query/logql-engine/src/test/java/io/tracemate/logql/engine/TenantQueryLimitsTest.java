package io.tracemate.logql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-tenant query limits: Loki's overrides applied, and the strictest of each over several tenants. */
class TenantQueryLimitsTest {
  private static final EngineLimits BASE = EngineLimits.defaults();

  @Test
  void overridesChangeOnlyTheKeysTheyNameAndZeroMeansNoLimit() {
    EngineLimits a = QueryLimitOverrides.of("1h", "0", 10, 0, "7s", null).applyTo(BASE);
    assertThat(a.maxRange()).isEqualTo(Duration.ofHours(1));
    assertThat(a.maxLookback()).isEqualTo(Duration.ZERO);
    assertThat(a.maxEntries()).isEqualTo(10);
    assertThat(a.maxSeries()).isEqualTo(Integer.MAX_VALUE);
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(a.parallelism()).isEqualTo(BASE.parallelism());
    assertThat(a.splitInterval()).isEqualTo(BASE.splitInterval());
    assertThat(QueryLimitOverrides.of("0", null, null, null, null, null).applyTo(BASE).maxRange())
        .isEqualTo(EngineLimits.UNLIMITED_RANGE);
    assertThat(QueryLimitOverrides.NONE.applyTo(BASE)).isSameAs(BASE);
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> QueryLimitOverrides.of("soon", null, null, null, null, null))
        .hasMessageContaining("max_query_length");
    assertThatThrownBy(() -> QueryLimitOverrides.of(null, null, -1, null, null, null))
        .hasMessageContaining("max_entries_limit_per_query");
    assertThatThrownBy(() -> QueryLimitOverrides.of(null, null, null, null, "0", null))
        .hasMessageContaining("query_timeout must be positive");
    assertThatThrownBy(() -> QueryLimitOverrides.of(null, null, null, null, null, 0))
        .hasMessageContaining("max_query_parallelism");
  }

  @Test
  void severalTenantsGetTheStrictestOfEachAsLoki() {
    TenantId a = TenantId.parse("a");
    TenantId b = TenantId.parse("b");
    Map<TenantId, EngineLimits> byTenant =
        Map.of(
            a, QueryLimitOverrides.of("1h", "2h", 50, 10, "60s", 8).applyTo(BASE),
            b, QueryLimitOverrides.of("0", "0", 20, 100, "5s", 2).applyTo(BASE));
    TenantQueryLimits limits = tenant -> byTenant.getOrDefault(tenant, BASE);
    EngineLimits both = limits.forScope(TenantScope.parse("a|b"));
    assertThat(both.maxRange()).isEqualTo(Duration.ofHours(1));
    assertThat(both.maxLookback())
        .as("0 is no limit, not the smallest")
        .isEqualTo(Duration.ofHours(2));
    assertThat(both.maxEntries()).isEqualTo(20);
    assertThat(both.maxSeries()).isEqualTo(10);
    assertThat(both.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(both.parallelism()).isEqualTo(2);
    assertThat(limits.forScope(TenantScope.parse("b"))).isSameAs(byTenant.get(b));
    assertThat(limits.forScope(TenantScope.parse("c|d")))
        .as("same limits: no new object")
        .isSameAs(BASE);
  }
}
