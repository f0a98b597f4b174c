/**
 * OIDC bearer tokens on nimbus-jose-jwt. {@link io.tracemate.auth.oidc.JwtVerifier} runs nimbus'
 * {@code DefaultJWTProcessor}: the header's {@code typ} must be a JWT's, the algorithm one of RS256, ES256 and EdDSA
 * (nimbus never verifies {@code none}, and HS* is refused before any key is looked at, so a token "signed" with the
 * public key's bytes as an HMAC secret fails like any other forgery), the key comes from the issuer's JWKS, and the
 * claims are checked only after the signature holds, so what the claims say is never an oracle.
 *
 * <p>The JWKS is nimbus' {@code JWKSourceBuilder} pipeline: cached ({@code jwks-cache-ttl}), fetched again at once
 * for a key ID it does not know (the issuer rotated its keys), and rate limited ({@code jwks-refresh-min-interval})
 * so tokens with made-up key IDs cannot turn into requests to the issuer. Where no {@code jwks-url} is configured,
 * {@link io.tracemate.auth.oidc.DiscoveredJwkSetSource} reads it from the issuer's
 * {@code /.well-known/openid-configuration} on first use, behind the same cache and limit. The price of the limit:
 * within one interval after a refresh, a token signed by a key the issuer has just added is refused as invalid
 * (a client retries; issuers publish new keys ahead of using them, so in practice the key is already known).
 * When the issuer cannot be reached, the keys fetched last keep verifying tokens for {@code jwks-outage-tolerance}
 * (nimbus' outage-tolerant source), so an identity-provider outage does not lock out every user and agent once the
 * cache expires.
 *
 * <p>EdDSA needs {@link io.tracemate.auth.oidc.EdDsaSupport}: nimbus' processor only hands Java keys to its
 * verifiers, and its Ed25519 verifier takes the JWK (through Tink).
 *
 * <p>The claims ({@link io.tracemate.auth.oidc.JwtClaimsCheck}) are checked here rather than by nimbus'
 * {@code DefaultJWTClaimsVerifier} so that each failure has its own reason for the caller and the failure counter
 * ("token expired" is not "token for another audience") and the clock can be given.
 */
package io.tracemate.auth.oidc;
