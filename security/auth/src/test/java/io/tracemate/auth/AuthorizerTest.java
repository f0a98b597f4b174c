package io.tracemate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.auth.Authorizer.Decision;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerTest {
  private static Principal holding(Role role, String... tenants) {
    Map<TenantId, Set<Role>> grants = new HashMap<>();
    for (String tenant : tenants) {
      grants.put(TenantId.parse(tenant), EnumSet.of(role));
    }
    return new Principal("someone", AuthMethod.OIDC, grants, List.of());
  }

  /** Every role against every permission on its own tenant: what each may and may not do. */
  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource({
    "VIEWER, READ, true",
    "VIEWER, INGEST, false",
    "VIEWER, WRITE_RULES, false",
    "VIEWER, ADMIN, false",
    "EDITOR, READ, true",
    "EDITOR, WRITE_RULES, true",
    "EDITOR, INGEST, false",
    "EDITOR, ADMIN, false",
    "ADMIN, READ, true",
    "ADMIN, WRITE_RULES, true",
    "ADMIN, ADMIN, true",
    "ADMIN, INGEST, false",
    "WRITER, INGEST, true",
    "WRITER, READ, false",
    "WRITER, WRITE_RULES, false",
    "WRITER, ADMIN, false",
  })
  void eachRoleAllowsItsPermissionsOnly(Role role, Permission permission, boolean allowed) {
    Decision decision =
        Authorizer.decide(holding(role, "team-a"), permission, TenantScope.parse("team-a"));

    assertThat(decision.allowed()).isEqualTo(allowed);
    assertThat(decision.message())
        .isEqualTo(allowed ? null : "not allowed to " + permission.verb() + " tenant team-a");
  }

  @Test
  void aRoleOnOneTenantAllowsNothingOnAnother() {
    Decision decision =
        Authorizer.decide(
            holding(Role.ADMIN, "team-a"), Permission.READ, TenantScope.parse("team-b"));

    assertThat(decision).isEqualTo(new Decision(false, "not allowed to read tenant team-b"));
  }

  @Test
  void aCrossTenantReadNeedsEveryTenantAndNamesTheMissingOnes() {
    Principal twoTeams = holding(Role.VIEWER, "team-a", "team-b");

    assertThat(Authorizer.decide(twoTeams, Permission.READ, TenantScope.parse("team-a|team-b")))
        .isEqualTo(Decision.ALLOWED);
    assertThat(Authorizer.decide(twoTeams, Permission.READ, TenantScope.parse("team-a|team-c")))
        .isEqualTo(new Decision(false, "not allowed to read tenant team-c"));
    assertThat(
            Authorizer.decide(twoTeams, Permission.READ, TenantScope.parse("team-d|team-a|team-c")))
        .isEqualTo(new Decision(false, "not allowed to read tenants team-c, team-d"));
  }

  @Test
  void aLongRefusalNamesAFewTenantsAndCountsTheRest() {
    StringBuilder scope = new StringBuilder("t00");
    for (int i = 1; i < 12; i++) {
      scope.append(String.format("|t%02d", i));
    }

    Decision decision =
        Authorizer.decide(
            holding(Role.VIEWER, "t00"), Permission.READ, TenantScope.parse(scope.toString()));

    assertThat(decision.message())
        .isEqualTo("not allowed to read tenants t01, t02, t03, t04, t05 and 6 more");
  }

  @Test
  void rolesAddUpOnOneTenant() {
    Principal both =
        new Principal(
            "ci",
            AuthMethod.API_TOKEN,
            Map.of(TenantId.parse("team-a"), EnumSet.of(Role.VIEWER, Role.WRITER)),
            List.of());

    assertThat(both.permissionsOn(TenantId.parse("team-a")))
        .containsExactlyInAnyOrder(Permission.READ, Permission.INGEST);
    assertThat(Authorizer.decide(both, Permission.INGEST, TenantScope.parse("team-a")).allowed())
        .isTrue();
    assertThat(Authorizer.decide(both, Permission.READ, TenantScope.parse("team-a")).allowed())
        .isTrue();
    assertThat(both.permissionsOn(TenantId.parse("team-b"))).isEmpty();
  }

  @Test
  void nobodyWithoutGrantsMayDoAnything() {
    Principal nobody = new Principal("mallory", AuthMethod.OIDC, Map.of(), List.of());
    for (Permission permission : Permission.values()) {
      assertThat(Authorizer.decide(nobody, permission, TenantScope.DEFAULT).allowed()).isFalse();
    }
  }
}
