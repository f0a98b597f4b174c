package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

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
    @JsonProperty("jwks-outage-tolerance") Duration jwksOutageTolerance) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_OUTAGE_TOLERANCE = Duration.ofHours(6);

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
  }

  /** The minimal block: an issuer and the audience; everything else defaulted. */
  public static OidcConfig of(String issuer, String audience) {
    return new OidcConfig(issuer, null, audience, null, null, null, null, null, null, null);
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
