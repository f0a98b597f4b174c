package io.tracemate.auth.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracemate.auth.Role;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.units.HumanDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code auth} block as the server's YAML mapper reads it: its key names, defaults and checks. */
class AuthConfigTest {
  private static final String HASH = "a".repeat(64);

  /** Reads like the server's loader: unknown keys fail, durations in Tracemate's form. */
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .registerModule(
              new SimpleModule()
                  .addDeserializer(
                      Duration.class,
                      new JsonDeserializer<>() {
                        @Override
                        public Duration deserialize(JsonParser p, DeserializationContext ctx)
                            throws IOException {
                          return HumanDuration.parse(p.getValueAsString());
                        }
                      }));

  private static AuthConfig read(String yaml) throws IOException {
    return YAML.readValue(yaml, AuthConfig.class);
  }

  @Test
  void defaultsAreOffWithNothingConfigured() throws IOException {
    assertThat(read("{}")).isEqualTo(AuthConfig.DEFAULTS);
    assertThat(AuthConfig.DEFAULTS.enabled()).isFalse();
    assertThat(AuthConfig.DEFAULTS.oidc()).isNull();
    assertThat(AuthConfig.DEFAULTS.tokens()).isEmpty();
    assertThat(AuthConfig.DEFAULTS.rbac().bindings()).isEmpty();
    assertThat(AuthConfig.DEFAULTS.acceptsBearerTokens()).isFalse();
  }

  @Test
  void aFullBlockBindsWithItsKeyNames() throws IOException {
    AuthConfig config =
        read(
            """
            enabled: true
            oidc:
              issuer: https://sso.example.com/realms/bank
              jwks-url: https://sso.example.com/realms/bank/protocol/openid-connect/certs
              audience: tracemate
              clock-skew: 30s
              user-claim: preferred_username
              tenant-claim: tenant
              groups-claim: roles
              jwks-cache-ttl: 10m
              jwks-refresh-min-interval: 1m
              jwks-outage-tolerance: 1h
            tokens:
              - {name: collector-eu, sha256: %s, tenant: team-a, role: writer}
            rbac:
              bindings:
                - {role: viewer, tenants: [team-a, team-b], groups: [sre]}
                - {role: admin, subjects: [alice]}
                - {role: writer, tenants: [team-a], certificates: [collector-a]}
            """
                .formatted(HASH));

    assertThat(config.enabled()).isTrue();
    assertThat(config.oidc())
        .isEqualTo(
            new OidcConfig(
                "https://sso.example.com/realms/bank",
                "https://sso.example.com/realms/bank/protocol/openid-connect/certs",
                "tracemate",
                Duration.ofSeconds(30),
                "preferred_username",
                "tenant",
                "roles",
                Duration.ofMinutes(10),
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                null,
                null,
                null,
                null,
                null,
                null));
    assertThat(config.tokens())
        .containsExactly(new ApiTokenConfig("collector-eu", HASH, "team-a", Role.WRITER));
    assertThat(config.rbac().bindings()).hasSize(3);
    assertThat(config.rbac().bindings().get(0).tenantIds())
        .containsExactly(TenantId.parse("team-a"), TenantId.parse("team-b"));
    assertThat(config.rbac().bindings().get(1).tenantIds()).containsExactly(TenantId.DEFAULT);
  }

  @Test
  void oidcDefaults() throws IOException {
    OidcConfig oidc = read("oidc: {issuer: 'https://sso.example.com', audience: tracemate}").oidc();

    assertThat(oidc).isEqualTo(OidcConfig.of("https://sso.example.com", "tracemate"));
    assertThat(oidc.jwksUrl()).isNull();
    assertThat(oidc.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(oidc.userClaim()).isEqualTo("sub");
    assertThat(oidc.groupsClaim()).isEqualTo("groups");
    assertThat(oidc.tenantClaim()).isNull();
    assertThat(oidc.jwksCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(oidc.jwksRefreshMinInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(oidc.jwksOutageTolerance()).isEqualTo(Duration.ofHours(6));
  }

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> read(yaml))
        .isInstanceOf(ValueInstantiationException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause()
        .hasMessageContaining(message);
  }

  @Test
  void oidcNeedsAnIssuerAndAnAudience() {
    refused("oidc: {audience: tracemate}", "oidc.issuer is required");
    refused("oidc: {issuer: 'https://sso.example.com'}", "oidc.audience is required");
  }

  @Test
  void keysAreFetchedOverHttpsOrFromLoopbackOnly() {
    refused(
        "oidc: {issuer: 'http://sso.example.com', audience: a}",
        "oidc.issuer: 'http://sso.example.com' must be https (http only on a loopback address)");
    refused(
        "oidc: {issuer: 'https://sso.example.com', jwks-url: 'http://10.0.0.1/keys', audience: a}",
        "oidc.jwks-url: 'http://10.0.0.1/keys' must be https");
    refused("oidc: {issuer: 'sso.example.com', audience: a}", "is not an absolute URL");
    assertThat(OidcConfig.of("http://127.0.0.1:8080/realms/x", "a").issuer())
        .isEqualTo("http://127.0.0.1:8080/realms/x");
    assertThat(OidcConfig.of("http://localhost:8080", "a").issuer())
        .isEqualTo("http://localhost:8080");
  }

  @Test
  void theClockSkewAndRefreshIntervalsAreBounded() {
    refused(
        "oidc: {issuer: 'https://s.example.com', audience: a, clock-skew: 1h}",
        "oidc.clock-skew must be between 0s and 10m");
    refused(
        "oidc: {issuer: 'https://s.example.com', audience: a, jwks-cache-ttl: 10s}",
        "oidc.jwks-cache-ttl (PT10S) must be longer than oidc.jwks-refresh-min-interval (PT30S)");
  }

  @Test
  void tokensAreCheckedOneByOne() {
    refused("tokens: [{sha256: %s, role: writer}]".formatted(HASH), "token name is required");
    refused(
        "tokens: [{name: a, sha256: abc, role: writer}]",
        "token 'a': sha256 must be the token's SHA-256 as 64 hex digits");
    refused(
        "tokens: [{name: a, sha256: %s, role: writer}]".formatted("g".repeat(64)),
        "token 'a': sha256 must be");
    refused("tokens: [{name: a, sha256: %s}]".formatted(HASH), "token 'a': role is required");
    refused(
        "tokens: [{name: a, sha256: %s, role: writer, tenant: 'team a'}]".formatted(HASH),
        "token 'a': tenant: tenant ID 'team a' has the character U+0020 at position 5");
    assertThatThrownBy(() -> read("tokens: [{name: a, sha256: %s, role: owner}]".formatted(HASH)))
        .hasMessageContaining("unknown role 'owner': use one of viewer, editor, admin, writer");
  }

  @Test
  void tokenNamesAndHashesAreUnique() {
    String other = "b".repeat(64);
    refused(
        "tokens: [{name: a, sha256: %s, role: writer}, {name: a, sha256: %s, role: viewer}]"
            .formatted(HASH, other),
        "tokens[1].name: 'a' is used by an earlier token");
    refused(
        "tokens: [{name: a, sha256: %s, role: writer}, {name: b, sha256: %s, role: viewer}]"
            .formatted(HASH, HASH.toUpperCase()),
        "tokens[1].sha256: the same hash as an earlier token");
  }

  @Test
  void aBindingNeedsARoleSomebodyAndValidTenants() {
    refused("rbac: {bindings: [{subjects: [alice]}]}", "a role binding needs a role");
    refused(
        "rbac: {bindings: [{role: viewer, tenants: [team-a]}]}",
        "role binding viewer on [team-a] binds nobody: give subjects, groups or certificates");
    refused(
        "rbac: {bindings: [{role: viewer, tenants: ['..'], subjects: [alice]}]}",
        "role binding viewer: tenants: tenant ID '..' is not allowed");
  }

  @Test
  void authOnNeedsSomeWayToAuthenticate() throws IOException {
    refused(
        "{enabled: true, rbac: {bindings: [{role: viewer, subjects: [alice]}]}}",
        "auth.enabled is true but nobody could authenticate: configure auth.oidc, auth.tokens, or role"
            + " bindings for client certificates");
    assertThat(
            read("{enabled: true, rbac: {bindings: [{role: writer, certificates: [agent]}]}}")
                .enabled())
        .isTrue();
    assertThat(read("{enabled: false}").enabled()).isFalse();
  }

  @Test
  void anUnknownKeyIsAnError() {
    assertThatThrownBy(
            () -> read("oidc: {issuer: 'https://s.example.com', audience: a, audiences: b}"))
        .hasMessageContaining("audiences");
  }

  @Test
  void rolesReadAndPrintInLowerCase() throws IOException {
    assertThat(YAML.writeValueAsString(List.of(Role.VIEWER, Role.WRITER)))
        .contains("viewer", "writer");
    assertThat(Role.parse("editor")).isEqualTo(Role.EDITOR);
  }
}
