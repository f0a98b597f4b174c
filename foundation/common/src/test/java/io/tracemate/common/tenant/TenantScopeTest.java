package io.tracemate.common.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantScopeTest {
  private static TenantId t(String value) {
    return TenantId.parse(value);
  }

  @ParameterizedTest(name = "[{0}] = {1}")
  @CsvSource(
      delimiter = '#',
      value = {
        "a # a",
        "a|b # a|b",
        "b|a # a|b",
        "b|a|a # a|b",
        "fake # fake",
        "x.y|(z) # (z)|x.y",
      })
  void parsesSortsAndDeduplicates(String header, String normalised) {
    TenantScope scope = TenantScope.parse(header);
    assertThat(scope.header()).isEqualTo(normalised);
    assertThat(scope).isEqualTo(TenantScope.parse(normalised));
  }

  @Test
  void aSingleTenantScope() {
    TenantScope scope = TenantScope.parse("team-a");
    assertThat(scope.isSingle()).isTrue();
    assertThat(scope.single()).isEqualTo(t("team-a"));
    assertThat(scope.contains(t("team-a"))).isTrue();
    assertThat(scope.contains(t("team-b"))).isFalse();
  }

  @Test
  void aCrossTenantScope() {
    TenantScope scope = TenantScope.parse("b|a");
    assertThat(scope.isSingle()).isFalse();
    assertThat(List.copyOf(scope.asSet())).containsExactly(t("a"), t("b"));
    assertThatThrownBy(scope::single).hasMessageContaining("a|b has several tenants");
  }

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '#',
      value = {
        "a||b # tenant 2 of 3: empty tenant ID",
        "a| # tenant 2 of 2: empty tenant ID",
        "|a # tenant 1 of 2: empty tenant ID",
        "a|b c # tenant 2 of 2: tenant ID 'b c' has the character U+0020 at position 2",
        "a|.. # tenant 2 of 2: tenant ID '..' is not allowed",
        "a,b # tenant ID 'a,b' has the character ',' at position 2",
      })
  void refusesABadPartNamingWhichAndTheRule(String header, String problem) {
    assertThatThrownBy(() -> TenantScope.parse(header))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage(problem + ": " + TenantId.RULE);
  }

  @Test
  void refusesEmpty() {
    assertThatThrownBy(() -> TenantScope.parse(""))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage("empty tenant scope: " + TenantId.RULE);
    assertThatThrownBy(() -> TenantScope.of(Set.of()))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage("a tenant scope names at least one tenant");
  }

  @Test
  void boundsHowManyTenantsOneScopeNames() {
    StringBuilder fifty = new StringBuilder("t0");
    for (int i = 1; i < TenantScope.MAX_TENANTS; i++) {
      fifty.append("|t").append(i);
    }
    assertThat(TenantScope.parse(fifty.toString()).asSet()).hasSize(50);
    assertThatThrownBy(() -> TenantScope.parse(fifty + "|t50"))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessageStartingWith("a tenant scope names at most 50 tenants");
    assertThatThrownBy(() -> TenantScope.parse("a|".repeat(100_000) + "a"))
        .isInstanceOf(InvalidTenantException.class)
        .hasMessage("a tenant scope names at most 50 tenants");
  }

  @Test
  void isImmutable() {
    TreeSet<TenantId> source = new TreeSet<>(List.of(t("a")));
    TenantScope scope = new TenantScope(source);
    source.add(t("b"));
    assertThat(scope.header()).isEqualTo("a");
    assertThatThrownBy(() -> scope.tenants().add(t("c")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theDefaultScopeIsFake() {
    assertThat(TenantScope.DEFAULT.single()).isEqualTo(TenantId.DEFAULT);
    assertThat(TenantScope.of(t("b"), t("a")).header()).isEqualTo("a|b");
  }
}
