package io.tracemate.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier;
import io.tracemate.auth.AuthFailure;
import io.tracemate.auth.AuthFailure.Reason;
import io.tracemate.auth.config.OidcConfig;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantId;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OIDC bearer tokens of the configured issuer (see the package description for what is checked and in
 * which order).
 *
 * <p>Thread-safe. {@link #verify} may block on an HTTP fetch of the issuer's keys (first use, an unknown key ID,
 * the cache expired), bounded by {@link #CONNECT_TIMEOUT_MS} and {@link #READ_TIMEOUT_MS}: call it off an event
 * loop.
 */
public final class JwtVerifier implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(JwtVerifier.class);

  /** Only asymmetric signatures: the server holds no secret that could sign a token. */
  public static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int READ_TIMEOUT_MS = 5_000;

  /** A JWKS or discovery document larger than this is refused: a few keys take a few KiB. */
  static final int MAX_DOCUMENT_BYTES = 512 * 1024;

  /** How long a request waits for another one's fetch of the keys before it fails. */
  private static final long REFRESH_WAIT_MS = CONNECT_TIMEOUT_MS + READ_TIMEOUT_MS + 1_000L;

  private final OidcConfig config;
  private final JWKSource<SecurityContext> keys;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public JwtVerifier(OidcConfig config, Clock clock) {
    this.config = config;
    ResourceRetriever retriever =
        new DefaultResourceRetriever(CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, MAX_DOCUMENT_BYTES);
    JWKSetSource<SecurityContext> source =
        config.jwksUrl() != null
            ? new URLBasedJWKSetSource<>(url(config.jwksUrl()), retriever)
            : new DiscoveredJwkSetSource(config.issuer(), retriever);
    JWKSourceBuilder<SecurityContext> builder =
        JWKSourceBuilder.create(source)
            .cache(config.jwksCacheTtl().toMillis(), REFRESH_WAIT_MS)
            .rateLimited(config.jwksRefreshMinInterval().toMillis())
            .refreshAheadCache(false)
            .retrying(false);
    Duration outageTolerance = config.jwksOutageTolerance();
    this.keys =
        (outageTolerance.isZero()
                ? builder.outageTolerant(false)
                : builder.outageTolerant(outageTolerance.toMillis()))
            .build();
    // RFC 9068 access tokens say at+jwt; ID tokens and most issuers' access tokens say JWT or
    // nothing.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    processor.setJWSKeySelector(new EdDsaSupport.KeySelector(ALGORITHMS, keys));
    processor.setJWSVerifierFactory(new EdDsaSupport.VerifierFactory());
    processor.setJWTClaimsSetVerifier(new JwtClaimsCheck(config, clock));
  }

  /**
   * Fetches the issuer's keys now (discovering where they are first, if needed) rather than on the first request,
   * so that a start-up can report a wrong issuer or an unreachable identity provider at once.
   *
   * @return what went wrong, or empty when the keys were fetched
   */
  public Optional<String> fetchKeys() {
    try {
      keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
      return Optional.empty();
    } catch (KeySourceException e) {
      return Optional.of(
          "cannot fetch the signing keys of OIDC issuer "
              + config.issuer()
              + ": "
              + e.getMessage());
    }
  }

  /** Whether {@code value} has a JWT's shape (three base64url parts), so that it is worth verifying as one. */
  public static boolean looksLikeJwt(String value) {
    int first = value.indexOf('.');
    int second = first < 0 ? -1 : value.indexOf('.', first + 1);
    return first > 0 && second > first && value.indexOf('.', second + 1) < 0;
  }

  /**
   * The verified token's subject, groups and tenants.
   *
   * @throws Rejected with the failure to answer
   */
  public VerifiedJwt verify(String token) throws Rejected {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (TokenRejected e) {
      throw new Rejected(e.failure());
    } catch (ParseException e) {
      log.debug("malformed bearer token: {}", e.getMessage());
      throw new Rejected(new AuthFailure(Reason.MALFORMED, "malformed token"));
    } catch (RateLimitReachedException e) {
      // An unknown key ID within the refresh interval: a forgery, or a rotation seen a little
      // early.
      log.debug("token signed by an unknown key, keys fetched too recently to fetch again");
      throw new Rejected(new AuthFailure(Reason.INVALID, "invalid token"));
    } catch (KeySourceException e) {
      log.warn("cannot fetch the signing keys of issuer {}: {}", config.issuer(), e.getMessage());
      throw new Rejected(
          new AuthFailure(
              Reason.KEYS_UNAVAILABLE,
              "cannot verify tokens right now: the identity provider's keys are unavailable"));
    } catch (BadJOSEException | JOSEException e) {
      log.debug("bearer token refused: {}", e.getMessage());
      throw new Rejected(new AuthFailure(Reason.INVALID, "invalid token"));
    }
    return new VerifiedJwt(
        (String) claims.getClaim(config.userClaim()),
        strings(claims.getClaim(config.groupsClaim())),
        tenants(claims),
        claims.getExpirationTime().toInstant());
  }

  /**
   * Validates an ID token the issuer's token endpoint handed to the web UI's login (OpenID Connect Core 3.1.3.7):
   * signed by a key of the issuer's JWKS with an accepted algorithm (as bearer tokens), {@code iss} the issuer,
   * {@code aud} containing {@code clientId} ({@code azp} too when there are several), {@code exp} and {@code iat}
   * within the clock skew, and {@code nonce} the one the login sent.
   *
   * @return the token's claims
   * @throws Rejected when any check fails (nimbus' reason is logged at DEBUG, the caller hears "invalid ID token")
   */
  public JWTClaimsSet validateIdToken(String idToken, String clientId, Nonce nonce)
      throws Rejected {
    DefaultJWTProcessor<SecurityContext> idTokens = new DefaultJWTProcessor<>();
    idTokens.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    idTokens.setJWSKeySelector(new EdDsaSupport.KeySelector(ALGORITHMS, keys));
    idTokens.setJWSVerifierFactory(new EdDsaSupport.VerifierFactory());
    IDTokenClaimsVerifier claims =
        new IDTokenClaimsVerifier(
            new Issuer(config.issuer()),
            new ClientID(clientId),
            nonce,
            Math.toIntExact(config.clockSkew().toSeconds()));
    idTokens.setJWTClaimsSetVerifier(claims);
    try {
      return idTokens.process(idToken, null);
    } catch (ParseException e) {
      log.debug("malformed ID token: {}", e.getMessage());
      throw new Rejected(new AuthFailure(Reason.MALFORMED, "malformed ID token"));
    } catch (RateLimitReachedException e) {
      log.info("ID token signed by an unknown key, keys fetched too recently to fetch again");
      throw new Rejected(new AuthFailure(Reason.INVALID, "invalid ID token"));
    } catch (KeySourceException e) {
      log.warn("cannot fetch the signing keys of issuer {}: {}", config.issuer(), e.getMessage());
      throw new Rejected(
          new AuthFailure(
              Reason.KEYS_UNAVAILABLE,
              "cannot verify the login right now: the identity provider's keys are unavailable"));
    } catch (BadJOSEException | JOSEException e) {
      log.info("ID token refused: {}", e.getMessage());
      throw new Rejected(new AuthFailure(Reason.INVALID, "invalid ID token"));
    }
  }

  private List<TenantId> tenants(JWTClaimsSet claims) throws Rejected {
    if (config.tenantClaim() == null) {
      return List.of();
    }
    List<TenantId> tenants = new ArrayList<>();
    for (String value : strings(claims.getClaim(config.tenantClaim()))) {
      try {
        TenantId tenant = TenantId.parse(value);
        if (!tenants.contains(tenant)) {
          tenants.add(tenant);
        }
      } catch (InvalidTenantException e) {
        // Signed by the issuer, so a configuration problem there: say what it is.
        throw new Rejected(
            new AuthFailure(
                Reason.INVALID,
                "the token's " + config.tenantClaim() + " claim: " + e.getMessage()));
      }
    }
    return tenants;
  }

  /** A claim that is a string or an array of strings, as a list; anything else counts as absent. */
  private static List<String> strings(Object claim) {
    if (claim instanceof String single) {
      return List.of(single);
    }
    if (claim instanceof List<?> list) {
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (item instanceof String s) {
          out.add(s);
        }
      }
      return out;
    }
    return List.of();
  }

  private static java.net.URL url(String value) {
    try {
      return new URI(value).toURL();
    } catch (java.net.URISyntaxException | MalformedURLException e) {
      throw new IllegalArgumentException("oidc.jwks-url: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (keys instanceof Closeable closeable) {
      closeable.close();
    }
  }

  /** A token that did not verify, with what to answer. */
  public static final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient AuthFailure failure;

    Rejected(AuthFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }

    public AuthFailure failure() {
      return failure;
    }
  }
}
