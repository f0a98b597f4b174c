package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * The {@code auth.oidc} block: the one issuer whose JWTs are accepted as bearer tokens.
 *
 * @param issuer the issuer URL, exactly as tokens carry it in {@code iss} (required)
 * @param jwksUrl where its signing keys are; default: the {@code jwks_uri} of the issuer's
 *     {@code /.well-known/openid-configuration}
 * @param audience the value {@code aud} must contain: this server's client ID at the issuer (required: without it,
 *     a token the issuer made for any other application would be accepted here)
 * @param clockSkew how far clocks may disagree when {@code exp} and {@code nbf} are checked (default 60s)
 * @param userClaim the claim naming the user (default {@code sub})
 * @param tenantClaim the claim naming the user's tenant(s), a string or an array of strings (default none)
 * @param groupsClaim the claim listing the user's groups, for role bindings (default {@code groups})
 * @param jwksCacheTtl how long fetched keys are used before they are fetched again (default 5m)
 * @param jwksRefreshMinInterval a token signed by an unknown key fetches the keys again at once, but not more
 *     often than this (default 30s): a flood of forged key IDs cannot turn into a flood of requests to the issuer
 * @param jwksOutageTolerance while the issuer's keys cannot be fetched, the keys fetched last keep verifying tokens
 *     for this long (default 6h; 0s: tokens are refused as soon as the cache expires). An identity-provider outage
 *     then does not lock every user and agent out; a token's own expiry still applies, and issuers retire keys
 *     far more slowly than this.
 * @param clientId this server's client ID at the issuer for the web UI's login (authorization code flow with
 *     PKCE); absent: the UI asks for an API token instead
 * @param clientSecretFile a file holding the client secret (confidential clients; absent: a public client, PKCE
 *     alone); read at start, never written into the configuration itself
 * @param redirectUrl where the issuer sends the browser back: this server's {@code /auth/callback} as the browser
 *     reaches it (required with {@code client-id}; https, or http on a loopback address)
 * @param scopes the scopes the login asks for (default {@code openid profile email}; {@code openid} is required)
 * @param maxSessions most UI sessions held at once (default 10000); the least recently used one is ended first
 * @param sessionMaxAge how long a UI session lasts at most, whatever the issuer's tokens allow (default 12h)
 */
public record OidcConfig(
    @JsonProperty("issuer") String issuer,
    @JsonProperty("jwks-url") String jwksUrl,
    @JsonProperty("audience") String audience,
    @JsonProperty("clock-skew") Duration clockSkew,
    @JsonProperty("user-claim") String userClaim,
    @JsonProperty("tenant-claim") String tenantClaim,
    @JsonProperty("groups-claim") String groupsClaim,
    @JsonProperty("jwks-cache-ttl") Duration jwksCacheTtl,
    @JsonProperty("jwks-refresh-min-interval") Duration jwksRefreshMinInterval,
    @JsonProperty("jwks-outage-tolerance") Duration jwksOutageTolerance,
    @JsonProperty("client-id") String clientId,
    @JsonProperty("client-secret-file") String clientSecretFile,
    @JsonProperty("redirect-url") String redirectUrl,
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("max-sessions") Integer maxSessions,
    @JsonProperty("session-max-age") Duration sessionMaxAge) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_OUTAGE_TOLERANCE = Duration.ofHours(6);
  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
  public static final int DEFAULT_MAX_SESSIONS = 10_000;
  public static final Duration DEFAULT_SESSION_MAX_AGE = Duration.ofHours(12);

  /** The path every {@code redirect-url} ends in: the server's callback route. */
  public static final String CALLBACK_PATH = "/auth/callback";

  public OidcConfig {
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("oidc.issuer is required");
    }
    checkFetchUrl("oidc.issuer", issuer);
    if (jwksUrl != null) {
      checkFetchUrl("oidc.jwks-url", jwksUrl);
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException(
          "oidc.audience is required: the client ID this server has at the issuer (without it, tokens made for"
              + " any other application of the issuer would be accepted)");
    }
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "oidc.clock-skew must be between 0s and 10m, got " + clockSkew);
    }
    userClaim = blankToDefault(userClaim, "sub");
    groupsClaim = blankToDefault(groupsClaim, "groups");
    tenantClaim = tenantClaim == null || tenantClaim.isBlank() ? null : tenantClaim;
    jwksCacheTtl = jwksCacheTtl == null ? DEFAULT_JWKS_CACHE_TTL : jwksCacheTtl;
    jwksRefreshMinInterval =
        jwksRefreshMinInterval == null ? DEFAULT_JWKS_REFRESH_MIN_INTERVAL : jwksRefreshMinInterval;
    if (jwksRefreshMinInterval.isNegative() || jwksRefreshMinInterval.isZero()) {
      throw new IllegalArgumentException(
          "oidc.jwks-refresh-min-interval must be positive, got " + jwksRefreshMinInterval);
    }
    if (jwksCacheTtl.compareTo(jwksRefreshMinInterval) <= 0) {
      throw new IllegalArgumentException(
          "oidc.jwks-cache-ttl ("
              + jwksCacheTtl
              + ") must be longer than oidc.jwks-refresh-min-interval ("
              + jwksRefreshMinInterval
              + ")");
    }
    jwksOutageTolerance =
        jwksOutageTolerance == null ? DEFAULT_JWKS_OUTAGE_TOLERANCE : jwksOutageTolerance;
    if (jwksOutageTolerance.isNegative()) {
      throw new IllegalArgumentException(
          "oidc.jwks-outage-tolerance must not be negative, got " + jwksOutageTolerance);
    }
    clientId = clientId == null || clientId.isBlank() ? null : clientId;
    scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    if (!scopes.contains("openid")) {
      throw new IllegalArgumentException(
          "oidc.scopes must contain openid (the login needs an ID token), got " + scopes);
    }
    maxSessions = maxSessions == null ? DEFAULT_MAX_SESSIONS : maxSessions;
    if (maxSessions < 1) {
      throw new IllegalArgumentException(
          "oidc.max-sessions must be at least 1, got " + maxSessions);
    }
    sessionMaxAge = sessionMaxAge == null ? DEFAULT_SESSION_MAX_AGE : sessionMaxAge;
    if (sessionMaxAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "oidc.session-max-age must be at least 1m, got " + sessionMaxAge);
    }
    if (clientId == null) {
      if (redirectUrl != null || clientSecretFile != null) {
        throw new IllegalArgumentException(
            "oidc.redirect-url and oidc.client-secret-file belong to the web UI's login, which needs"
                + " oidc.client-id");
      }
    } else {
      if (redirectUrl == null || redirectUrl.isBlank()) {
        throw new IllegalArgumentException(
            "oidc.redirect-url is required with oidc.client-id: this server's "
                + CALLBACK_PATH
                + " as browsers reach it, e.g. https://tracemate.example.com"
                + CALLBACK_PATH);
      }
      checkFetchUrl("oidc.redirect-url", redirectUrl);
      if (!URI.create(redirectUrl).getPath().endsWith(CALLBACK_PATH)) {
        throw new IllegalArgumentException(
            "oidc.redirect-url: '" + redirectUrl + "' must end in " + CALLBACK_PATH);
      }
    }
  }

  /** The block before the web UI's login keys, which are then absent. */
  public OidcConfig(
      String issuer,
      String jwksUrl,
      String audience,
      Duration clockSkew,
      String userClaim,
      String tenantClaim,
      String groupsClaim,
      Duration jwksCacheTtl,
      Duration jwksRefreshMinInterval) {
    this(
        issuer,
        jwksUrl,
        audience,
        clockSkew,
        userClaim,
        tenantClaim,
        groupsClaim,
        jwksCacheTtl,
        jwksRefreshMinInterval,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Where the discovery document of {@code issuer} is (OpenID Connect Discovery 1.0, section 4). */
  public static String discoveryUrl(String issuer) {
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    return base + "/.well-known/openid-configuration";
  }

  /** Whether the web UI logs users in through this issuer ({@code client-id} is set). */
  public boolean loginEnabled() {
    return clientId != null;
  }

  /** The minimal block: an issuer and the audience; everything else defaulted. */
  public static OidcConfig of(String issuer, String audience) {
    return new OidcConfig(issuer, null, audience, null, null, null, null, null, null);
  }

  /** This block with the web UI's login: {@code clientId}, no secret, {@code redirectUrl}, default scopes. */
  public OidcConfig withLogin(String clientId, String clientSecretFile, String redirectUrl) {
    return new OidcConfig(
        issuer,
        jwksUrl,
        audience,
        clockSkew,
        userClaim,
        tenantClaim,
        groupsClaim,
        jwksCacheTtl,
        jwksRefreshMinInterval,
        jwksOutageTolerance,
        clientId,
        clientSecretFile,
        redirectUrl,
        scopes,
        maxSessions,
        sessionMaxAge);
  }

  /**
   * Keys and discovery are fetched over HTTPS; plain HTTP only from a loopback address (a test, or an issuer
   * proxied on the same host), since keys fetched in the clear could be anyone's.
   */
  public static void checkFetchUrl(String key, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme();
    String host = uri.getHost();
    if (host == null || scheme == null) {
      throw new IllegalArgumentException(key + ": '" + value + "' is not an absolute URL");
    }
    boolean loopback = host.equals("localhost") || host.equals("[::1]") || host.startsWith("127.");
    if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
      throw new IllegalArgumentException(
          key + ": '" + value + "' must be https (http only on a loopback address)");
    }
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
