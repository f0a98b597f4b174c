package io.tracemate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.auth.AuthFailure.Reason;
import io.tracemate.auth.config.ApiTokenConfig;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.auth.config.RbacConfig;
import io.tracemate.auth.config.RoleBinding;
import io.tracemate.common.tenant.TenantId;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiTokenAuthenticationTest {
  private static final TenantId TEAM_A = TenantId.parse("team-a");

  private final ApiTokens.GeneratedToken collector = ApiTokens.generate();
  private final ApiTokens.GeneratedToken grafana = ApiTokens.generate();

  private final Authenticator authenticator =
      new Authenticator(
          new AuthConfig(
              true,
              null,
              List.of(
                  new ApiTokenConfig("collector-eu", collector.sha256(), "team-a", Role.WRITER),
                  // Hashes pasted in upper case work too.
                  new ApiTokenConfig(
                      "grafana", grafana.sha256().toUpperCase(Locale.ROOT), null, Role.VIEWER)),
              new RbacConfig(
                  List.of(
                      new RoleBinding(
                          Role.WRITER,
                          List.of("team-a", "team-b"),
                          null,
                          null,
                          List.of("collector-a"))))));

  private static AuthFailure failure(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Refused.class);
    return ((AuthResult.Refused) result).failure();
  }

  private static Principal principal(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  @Test
  void generatedTokensAreLongRandomPrintableAndHashed() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      ApiTokens.GeneratedToken token = ApiTokens.generate(new SecureRandom());
      assertThat(token.token()).startsWith("tmt_").matches("tmt_[A-Za-z0-9_-]{43}");
      assertThat(token.sha256()).isEqualTo(ApiTokens.sha256Hex(token.token())).hasSize(64);
      assertThat(token.toString()).doesNotContain(token.token());
      seen.add(token.token());
    }
    assertThat(seen).hasSize(100);
  }

  @Test
  void aTokenIsFoundByItsHashAndHoldsItsRoleOnItsTenant() {
    Principal agent = principal(authenticator.authenticate(Credentials.bearer(collector.token())));

    assertThat(agent.subject()).isEqualTo("collector-eu");
    assertThat(agent.method()).isEqualTo(AuthMethod.API_TOKEN);
    assertThat(agent.grants()).isEqualTo(Map.of(TEAM_A, Set.of(Role.WRITER)));
    assertThat(agent.credentialTenants()).containsExactly(TEAM_A);
  }

  @Test
  void aTokenWithoutTenantActsOnTheDefaultTenant() {
    Principal dashboards =
        principal(authenticator.authenticate(Credentials.bearer(grafana.token())));

    assertThat(dashboards.grants()).isEqualTo(Map.of(TenantId.DEFAULT, Set.of(Role.VIEWER)));
  }

  @Test
  void theBearerSchemeIsCaseInsensitiveAsHttpSays() {
    assertThat(
            principal(
                    authenticator.authenticate(
                        Credentials.authorization("bearer " + collector.token())))
                .subject())
        .isEqualTo("collector-eu");
    assertThat(
            principal(
                    authenticator.authenticate(
                        Credentials.authorization("BEARER  " + collector.token())))
                .subject())
        .isEqualTo("collector-eu");
  }

  @Test
  void anUnknownTokenIsInvalidWithoutSayingMore() {
    String token = collector.token();
    char last = token.charAt(token.length() - 1);
    // One character off (a random token may already end in 'A').
    String almost = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(failure(authenticator.authenticate(Credentials.bearer(almost))))
        .isEqualTo(new AuthFailure(Reason.UNKNOWN_TOKEN, "invalid token"));
    // Without OIDC a JWT is just another unknown token.
    assertThat(failure(authenticator.authenticate(Credentials.bearer("eyJh.eyJz.c2ln"))))
        .isEqualTo(new AuthFailure(Reason.UNKNOWN_TOKEN, "invalid token"));
    // The hash itself is not the token.
    assertThat(failure(authenticator.authenticate(Credentials.bearer(collector.sha256()))).reason())
        .isEqualTo(Reason.UNKNOWN_TOKEN);
  }

  @Test
  void missingAndMalformedCredentialsSayWhatToSend() {
    assertThat(failure(authenticator.authenticate(Credentials.NONE)))
        .isEqualTo(
            new AuthFailure(Reason.MISSING, "no credentials: send Authorization: Bearer <token>"));
    assertThat(failure(authenticator.authenticate(Credentials.authorization("Basic dXNlcjpwYXNz"))))
        .isEqualTo(new AuthFailure(Reason.MALFORMED, "Authorization must be: Bearer <token>"));
    assertThat(failure(authenticator.authenticate(Credentials.authorization("Bearer   "))))
        .isEqualTo(new AuthFailure(Reason.MALFORMED, "Authorization must be: Bearer <token>"));
    assertThat(failure(authenticator.authenticate(Credentials.authorization(collector.token()))))
        .isEqualTo(new AuthFailure(Reason.MALFORMED, "Authorization must be: Bearer <token>"));
    assertThat(
            failure(
                authenticator.authenticate(
                    Credentials.authorization(
                        "Bearer " + "x".repeat(Authenticator.MAX_AUTHORIZATION_CHARS)))))
        .isEqualTo(new AuthFailure(Reason.MALFORMED, "Authorization header too long"));
  }

  @Test
  void aClientCertificateIsKnownByItsCommonName() {
    Principal agent =
        principal(
            authenticator.authenticate(
                Credentials.clientCertificate(
                    "CN=collector-a,OU=Observability,O=Example Bank,C=CH")));

    assertThat(agent.subject()).isEqualTo("collector-a");
    assertThat(agent.method()).isEqualTo(AuthMethod.CLIENT_CERTIFICATE);
    assertThat(agent.grants())
        .isEqualTo(
            Map.of(TEAM_A, Set.of(Role.WRITER), TenantId.parse("team-b"), Set.of(Role.WRITER)));
  }

  @Test
  void aCertificateOfAnotherNameHoldsNothingAndAUserOfTheSameNameIsNotIt() {
    Principal other =
        principal(
            authenticator.authenticate(
                Credentials.clientCertificate("CN=collector-b,O=Example Bank")));
    assertThat(other.grants()).isEmpty();

    Principal noCommonName =
        principal(
            authenticator.authenticate(
                Credentials.clientCertificate("OU=collector-a,O=Example Bank")));
    assertThat(noCommonName.subject()).isEqualTo("OU=collector-a,O=Example Bank");
    assertThat(noCommonName.grants()).isEmpty();
  }

  @Test
  void aBearerTokenDecidesOverTheCertificateItCameWith() {
    Principal agent =
        principal(
            authenticator.authenticate(
                new Credentials("Bearer " + grafana.token(), "CN=collector-a,O=Example Bank")));
    assertThat(agent.subject()).isEqualTo("grafana");

    assertThat(
            failure(
                    authenticator.authenticate(
                        new Credentials("Bearer nope", "CN=collector-a,O=Example Bank")))
                .reason())
        .isEqualTo(Reason.UNKNOWN_TOKEN);
  }
}
