package io.tracemate.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tracemate.auth.AuthFailure;
import io.tracemate.auth.AuthFailure.Reason;
import io.tracemate.auth.AuthMethod;
import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Authenticator;
import io.tracemate.auth.Credentials;
import io.tracemate.auth.Principal;
import io.tracemate.auth.Role;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.auth.config.OidcConfig;
import io.tracemate.auth.config.RbacConfig;
import io.tracemate.auth.config.RoleBinding;
import io.tracemate.common.tenant.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC bearer tokens end to end: tokens made and signed by nimbus, keys served by a real HTTP server, the
 * {@link Authenticator} as the server will call it.
 */
class JwtAuthenticationTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final TenantId TEAM_A = TenantId.parse("team-a");
  private static final TenantId TEAM_B = TenantId.parse("team-b");

  private static RSAKey key;

  private TestIssuer issuer;
  private Authenticator authenticator;

  @BeforeAll
  static void makeKey() throws Exception {
    key = TestIssuer.rsaKey("k1"); // RSA key generation is slow; one serves every test
  }

  @BeforeEach
  void start() throws Exception {
    issuer = new TestIssuer();
    issuer.publish(key);
    authenticator = authenticator(oidc(issuer.jwksUrl(), null));
  }

  @AfterEach
  void stop() throws Exception {
    authenticator.close();
    issuer.close();
  }

  private OidcConfig oidc(String jwksUrl, Duration refreshMinInterval) {
    return oidc(jwksUrl, null, refreshMinInterval, null);
  }

  private OidcConfig oidc(
      String jwksUrl, Duration cacheTtl, Duration refreshMinInterval, Duration outageTolerance) {
    return new OidcConfig(
        issuer.issuer(),
        jwksUrl,
        TestIssuer.AUDIENCE,
        null,
        null,
        "tenant",
        null,
        cacheTtl,
        refreshMinInterval,
        outageTolerance,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static Authenticator authenticator(OidcConfig oidc) {
    RbacConfig rbac =
        new RbacConfig(
            List.of(
                new RoleBinding(Role.VIEWER, List.of("team-a"), List.of("alice"), null, null),
                new RoleBinding(Role.ADMIN, List.of("team-b"), null, List.of("sre"), null)));
    return new Authenticator(
        new AuthConfig(true, oidc, null, rbac), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private AuthResult present(String token) {
    return authenticator.authenticate(Credentials.bearer(token));
  }

  private static AuthFailure failure(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Refused.class);
    return ((AuthResult.Refused) result).failure();
  }

  private static Principal principal(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    return ((AuthResult.Authenticated) result).principal();
  }

  @Test
  void aValidTokenNamesItsUserTheirRolesAndTenants() throws Exception {
    String token =
        TestIssuer.sign(
            key,
            issuer
                .claims("alice", NOW)
                .claim("groups", List.of("sre", "other"))
                .claim("tenant", List.of("team-a", "team-b"))
                .build());

    Principal alice = principal(present(token));

    assertThat(alice.subject()).isEqualTo("alice");
    assertThat(alice.method()).isEqualTo(AuthMethod.OIDC);
    assertThat(alice.grants())
        .containsOnlyKeys(TEAM_A, TEAM_B)
        .containsEntry(TEAM_A, Set.of(Role.VIEWER))
        .containsEntry(TEAM_B, Set.of(Role.ADMIN));
    assertThat(alice.credentialTenants()).containsExactly(TEAM_A, TEAM_B);
    assertThat(issuer.jwksFetches()).isEqualTo(1);
  }

  @Test
  void aUserWithoutBindingsIsAuthenticatedButHoldsNothing() throws Exception {
    String token =
        TestIssuer.sign(key, issuer.claims("mallory", NOW).claim("tenant", "team-a").build());

    Principal mallory = principal(present(token));

    assertThat(mallory.grants()).isEmpty();
    assertThat(mallory.credentialTenants()).containsExactly(TEAM_A);
  }

  @Test
  void es256AndEdDsaAreAcceptedToo() throws Exception {
    var ec = TestIssuer.ecKey("ec1");
    var ed = TestIssuer.edKey("ed1");
    issuer.publish(key, ec, ed);

    assertThat(
            principal(present(TestIssuer.sign(ec, issuer.claims("alice", NOW).build()))).subject())
        .isEqualTo("alice");
    assertThat(principal(present(TestIssuer.sign(ed, issuer.claims("bob", NOW).build()))).subject())
        .isEqualTo("bob");
  }

  @Test
  void anExpiredTokenIsRefusedBeyondTheClockSkewOnly() throws Exception {
    Instant issued = NOW.minusSeconds(3600);
    JWTClaimsSet justExpired =
        issuer.claims("alice", issued).expirationTime(Date.from(NOW.minusSeconds(59))).build();
    JWTClaimsSet expired =
        issuer.claims("alice", issued).expirationTime(Date.from(NOW.minusSeconds(61))).build();

    assertThat(principal(present(TestIssuer.sign(key, justExpired))).subject()).isEqualTo("alice");
    assertThat(failure(present(TestIssuer.sign(key, expired))))
        .isEqualTo(new AuthFailure(Reason.EXPIRED, "token expired"));
  }

  @Test
  void aTokenNotYetValidIsRefusedBeyondTheClockSkewOnly() throws Exception {
    JWTClaimsSet soon = issuer.claims("alice", NOW.plusSeconds(59)).build();
    JWTClaimsSet later = issuer.claims("alice", NOW.plusSeconds(61)).build();

    assertThat(principal(present(TestIssuer.sign(key, soon))).subject()).isEqualTo("alice");
    assertThat(failure(present(TestIssuer.sign(key, later))))
        .isEqualTo(new AuthFailure(Reason.NOT_YET_VALID, "token not yet valid"));
  }

  @Test
  void aTokenOfAnotherIssuerOrAudienceIsRefused() throws Exception {
    JWTClaimsSet otherIssuer =
        issuer.claims("alice", NOW).issuer("https://other.example.com").build();
    JWTClaimsSet otherAudience = issuer.claims("alice", NOW).audience("grafana").build();
    JWTClaimsSet noAudience = issuer.claims("alice", NOW).audience((String) null).build();

    assertThat(failure(present(TestIssuer.sign(key, otherIssuer))))
        .isEqualTo(new AuthFailure(Reason.WRONG_ISSUER, "token from another issuer"));
    assertThat(failure(present(TestIssuer.sign(key, otherAudience))))
        .isEqualTo(new AuthFailure(Reason.WRONG_AUDIENCE, "token for another audience"));
    assertThat(failure(present(TestIssuer.sign(key, noAudience))).reason())
        .isEqualTo(Reason.WRONG_AUDIENCE);
  }

  @Test
  void aTokenWithAudienceListIncludingOursIsAccepted() throws Exception {
    JWTClaimsSet claims =
        issuer.claims("alice", NOW).audience(List.of("grafana", TestIssuer.AUDIENCE)).build();
    assertThat(principal(present(TestIssuer.sign(key, claims))).subject()).isEqualTo("alice");
  }

  @Test
  void aTokenWithoutExpiryOrUserIsRefused() throws Exception {
    JWTClaimsSet noExpiry = issuer.claims("alice", NOW).expirationTime(null).build();
    JWTClaimsSet noSubject = issuer.claims(null, NOW).build();

    assertThat(failure(present(TestIssuer.sign(key, noExpiry))))
        .isEqualTo(new AuthFailure(Reason.INVALID, "token without expiry time (exp)"));
    assertThat(failure(present(TestIssuer.sign(key, noSubject))))
        .isEqualTo(new AuthFailure(Reason.INVALID, "token without the user claim 'sub'"));
  }

  @Test
  void algNoneIsRefused() throws Exception {
    String unsigned = new PlainJWT(issuer.claims("alice", NOW).build()).serialize();
    assertThat(unsigned).endsWith(".");

    // An unsigned token has two dots and an empty third part: refused, whichever way it is read.
    assertThat(failure(present(unsigned)))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
    assertThat(failure(present(unsigned + "c2ln")).reason().httpStatus()).isEqualTo(401);
  }

  @Test
  void hs256SignedWithThePublicKeyIsRefused() throws Exception {
    // The classic algorithm confusion: a verifier that took the RSA public key as an HMAC secret
    // would accept it.
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").type(JOSEObjectType.JWT).build(),
            issuer.claims("alice", NOW).build());
    forged.sign(new MACSigner(key.toPublicKey().getEncoded()));
    SignedJWT forgedWithJwk =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(),
            issuer.claims("alice", NOW).build());
    forgedWithJwk.sign(
        new MACSigner(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));

    assertThat(failure(present(forged.serialize())))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
    assertThat(failure(present(forgedWithJwk.serialize())))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
  }

  @Test
  void aTamperedPayloadIsRefused() throws Exception {
    String token = TestIssuer.sign(key, issuer.claims("mallory", NOW).build());
    String[] parts = token.split("\\.");
    String promoted = Base64URL.encode(issuer.claims("alice", NOW).build().toString()).toString();

    assertThat(failure(present(parts[0] + "." + promoted + "." + parts[2])))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
  }

  @Test
  void claimsAreNoOracleForAForgedSignature() throws Exception {
    // Expired, other audience and other issuer: with a bad signature all of it reads "invalid
    // token".
    RSAKey stranger = TestIssuer.rsaKey("k1");
    JWTClaimsSet claims =
        issuer
            .claims("alice", NOW.minusSeconds(7200))
            .audience("grafana")
            .issuer("https://other.example.com")
            .build();

    assertThat(failure(present(TestIssuer.sign(stranger, claims))))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
  }

  @Test
  void anUnknownKeyIdFetchesTheKeysAgainSoARotationIsSeenAtOnce() throws Exception {
    assertThat(principal(present(TestIssuer.sign(key, issuer.claims("alice", NOW).build()))))
        .isNotNull();
    assertThat(issuer.jwksFetches()).isEqualTo(1);

    RSAKey rotated = TestIssuer.rsaKey("k2");
    issuer.publish(rotated);
    String afterRotation = TestIssuer.sign(rotated, issuer.claims("alice", NOW).build());

    assertThat(principal(present(afterRotation)).subject()).isEqualTo("alice");
    assertThat(issuer.jwksFetches()).isEqualTo(2);
    // The retired key's tokens stop working once the new set is in.
    assertThat(failure(present(TestIssuer.sign(key, issuer.claims("alice", NOW).build()))))
        .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
  }

  @Test
  void madeUpKeyIdsCannotFloodTheIssuer() throws Exception {
    assertThat(principal(present(TestIssuer.sign(key, issuer.claims("alice", NOW).build()))))
        .isNotNull();
    RSAKey stranger = TestIssuer.rsaKey("unused");
    for (int i = 0; i < 50; i++) {
      String forged = TestIssuer.sign(stranger, "forged-" + i, issuer.claims("alice", NOW).build());
      assertThat(failure(present(forged)))
          .isEqualTo(new AuthFailure(Reason.INVALID, "invalid token"));
    }
    // The first and at most one refresh within the 30 s interval (this test takes less on any
    // machine that runs
    // it; if it took longer, one more fetch per interval is still the bound).
    assertThat(issuer.jwksFetches()).isLessThanOrEqualTo(3);
    // Known keys keep working from the cache.
    assertThat(
            principal(present(TestIssuer.sign(key, issuer.claims("bob", NOW).build()))).subject())
        .isEqualTo("bob");
  }

  @Test
  void theKeysAreFoundThroughDiscoveryWithoutAJwksUrl() throws Exception {
    try (Authenticator discovering = authenticator(oidc(null, null))) {
      String token = TestIssuer.sign(key, issuer.claims("alice", NOW).build());

      AuthResult result = discovering.authenticate(Credentials.bearer(token));

      assertThat(principal(result).subject()).isEqualTo("alice");
      assertThat(issuer.discoveryFetches()).isEqualTo(1);
      assertThat(issuer.jwksFetches()).isEqualTo(1);
      assertThat(principal(discovering.authenticate(Credentials.bearer(token))).subject())
          .isEqualTo("alice");
      assertThat(issuer.discoveryFetches()).isEqualTo(1);
    }
  }

  @Test
  void keysCanBeFetchedAtStartToReportAMisconfiguredIssuerAtOnce() throws Exception {
    assertThat(authenticator.fetchKeys()).isEmpty();
    assertThat(issuer.jwksFetches()).isEqualTo(1);

    issuer.discoveryNamesIssuer("https://evil.example.com");
    try (Authenticator discovering = authenticator(oidc(null, null))) {
      assertThat(discovering.fetchKeys())
          .hasValueSatisfying(
              problem ->
                  assertThat(problem)
                      .startsWith("cannot fetch the signing keys of OIDC issuer " + issuer.issuer())
                      .contains(
                          "names the issuer 'https://evil.example.com', not '"
                              + issuer.issuer()
                              + "'"));
    }
    assertThat(new Authenticator(AuthConfig.DEFAULTS).fetchKeys()).isEmpty();
  }

  @Test
  void aDiscoveryDocumentNamingAnotherIssuerIsNotTrusted() throws Exception {
    issuer.discoveryNamesIssuer("https://evil.example.com");
    try (Authenticator discovering = authenticator(oidc(null, null))) {
      String token = TestIssuer.sign(key, issuer.claims("alice", NOW).build());

      AuthFailure failure = failure(discovering.authenticate(Credentials.bearer(token)));

      assertThat(failure.reason()).isEqualTo(Reason.KEYS_UNAVAILABLE);
      assertThat(failure.reason().httpStatus()).isEqualTo(503);
      assertThat(issuer.jwksFetches()).isZero();
    }
  }

  @Test
  void unreachableKeysAreTheServersProblemNotTheCallers() throws Exception {
    String jwksUrl = issuer.jwksUrl();
    String token = TestIssuer.sign(key, issuer.claims("alice", NOW).build());
    issuer.close(); // nothing listens there any more
    try (Authenticator stranded = authenticator(oidc(jwksUrl, null))) {
      AuthFailure failure = failure(stranded.authenticate(Credentials.bearer(token)));

      assertThat(failure)
          .isEqualTo(
              new AuthFailure(
                  Reason.KEYS_UNAVAILABLE,
                  "cannot verify tokens right now: the identity provider's keys are unavailable"));
    }
  }

  @Test
  void anIdentityProviderOutageAfterTheCacheExpiredKeepsTheLastKeysWithinTheTolerance()
      throws Exception {
    String token = TestIssuer.sign(key, issuer.claims("alice", NOW).build());
    Duration cacheTtl = Duration.ofMillis(1_500);
    Duration refresh = Duration.ofMillis(500);
    try (Authenticator tolerant =
            authenticator(oidc(issuer.jwksUrl(), cacheTtl, refresh, Duration.ofHours(1)));
        Authenticator intolerant =
            authenticator(oidc(issuer.jwksUrl(), cacheTtl, refresh, Duration.ZERO))) {
      principal(tolerant.authenticate(Credentials.bearer(token)));
      principal(intolerant.authenticate(Credentials.bearer(token)));
      issuer.close(); // the identity provider goes down
      Thread.sleep(cacheTtl.toMillis() + 500); // and stays down beyond the cache's lifetime

      assertThat(principal(tolerant.authenticate(Credentials.bearer(token))).subject())
          .isEqualTo("alice");
      assertThat(failure(intolerant.authenticate(Credentials.bearer(token))).reason())
          .isEqualTo(Reason.KEYS_UNAVAILABLE);
    }
  }

  @Test
  void aTenantClaimThatIsNoTenantIdIsRefusedNamingTheRule() throws Exception {
    String token =
        TestIssuer.sign(key, issuer.claims("alice", NOW).claim("tenant", "team a").build());

    AuthFailure failure = failure(present(token));

    assertThat(failure.reason()).isEqualTo(Reason.INVALID);
    assertThat(failure.message())
        .startsWith("the token's tenant claim: tenant ID 'team a' has the character U+0020");
  }

  @Test
  void accessTokensTypedAtJwtAreAccepted() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("k1")
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            issuer.claims("alice", NOW).build());
    jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));

    assertThat(principal(present(jwt.serialize())).subject()).isEqualTo("alice");
  }

  @Test
  void garbageShapedLikeAJwtIsMalformed() {
    assertThat(failure(present("eyJhbGciOiJub25lIn0.bm90IGpzb24.c2ln")).reason())
        .isIn(Reason.MALFORMED, Reason.INVALID);
    assertThat(failure(present("a.b.c")))
        .isEqualTo(new AuthFailure(Reason.MALFORMED, "malformed token"));
  }
}
