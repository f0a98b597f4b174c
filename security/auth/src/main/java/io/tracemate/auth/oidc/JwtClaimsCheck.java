package io.tracemate.auth.oidc;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.tracemate.auth.AuthFailure.Reason;
import io.tracemate.auth.config.OidcConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The claims a signed token must pass: {@code iss} is the issuer, {@code aud} contains the audience, {@code exp}
 * is present and not past, {@code nbf} (when present) is not ahead, both with the configured clock skew, and the
 * user claim is a non-empty string. Runs only after nimbus has verified the signature.
 *
 * <p>Immutable and thread-safe.
 */
final class JwtClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {
  private final String issuer;
  private final String audience;
  private final Duration skew;
  private final String userClaim;
  private final Clock clock;

  JwtClaimsCheck(OidcConfig config, Clock clock) {
    this.issuer = config.issuer();
    this.audience = config.audience();
    this.skew = config.clockSkew();
    this.userClaim = config.userClaim();
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    if (!issuer.equals(claims.getIssuer())) {
      throw new TokenRejected(Reason.WRONG_ISSUER, "token from another issuer");
    }
    List<String> audiences = claims.getAudience();
    if (audiences == null || !audiences.contains(audience)) {
      throw new TokenRejected(Reason.WRONG_AUDIENCE, "token for another audience");
    }
    Instant now = clock.instant();
    Date expiry = claims.getExpirationTime();
    if (expiry == null) {
      throw new TokenRejected(Reason.INVALID, "token without expiry time (exp)");
    }
    if (now.isAfter(expiry.toInstant().plus(skew))) {
      throw new TokenRejected(Reason.EXPIRED, "token expired");
    }
    Date notBefore = claims.getNotBeforeTime();
    if (notBefore != null && now.isBefore(notBefore.toInstant().minus(skew))) {
      throw new TokenRejected(Reason.NOT_YET_VALID, "token not yet valid");
    }
    Object user = claims.getClaim(userClaim);
    if (!(user instanceof String name) || name.isEmpty()) {
      throw new TokenRejected(Reason.INVALID, "token without the user claim '" + userClaim + "'");
    }
  }
}
