package io.tracemate.auth;

import io.tracemate.auth.AuthFailure.Reason;
import io.tracemate.auth.AuthResult.Authenticated;
import io.tracemate.auth.AuthResult.Refused;
import io.tracemate.auth.config.ApiTokenConfig;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.auth.oidc.JwtVerifier;
import io.tracemate.auth.oidc.VerifiedJwt;
import io.tracemate.common.tenant.TenantId;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Turns what a request presented into a {@link Principal}, or into the reason it cannot.
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <value>}: first the configured API tokens, by the value's SHA-256; then, when
 *       an OIDC issuer is configured and the value has a JWT's shape, the JWT. A token's principal holds the
 *       token's role on its tenant; a JWT's holds what the role bindings give its user and groups.</li>
 *   <li>Without an {@code Authorization}, a client certificate the TLS layer verified: its principal holds what the
 *       bindings give its common name. With both, the bearer token decides (the certificate may be a proxy's).</li>
 *   <li>Nothing: {@link Reason#MISSING}.</li>
 * </ul>
 *
 * <p>Thread-safe. May block on a fetch of the issuer's keys (see {@link JwtVerifier}): call it off an event loop.
 */
public final class Authenticator implements Closeable {
  /** Longer {@code Authorization} values are refused unread: a large JWT takes a few KiB. */
  public static final int MAX_AUTHORIZATION_CHARS = 16 * 1024;

  private static final String BEARER = "bearer ";

  private final ApiTokens tokens;
  private final RoleBindings bindings;
  private final JwtVerifier jwt; // null without OIDC

  public Authenticator(AuthConfig config, Clock clock) {
    this.tokens = new ApiTokens(config.tokens());
    this.bindings = new RoleBindings(config.rbac());
    this.jwt = config.oidc() == null ? null : new JwtVerifier(config.oidc(), clock);
  }

  public Authenticator(AuthConfig config) {
    this(config, Clock.systemUTC());
  }

  public AuthResult authenticate(Credentials credentials) {
    if (credentials.authorization() != null) {
      return bearer(credentials.authorization());
    }
    if (credentials.clientCertificateSubject() != null) {
      return certificate(credentials.clientCertificateSubject());
    }
    return refused(Reason.MISSING, "no credentials: send Authorization: Bearer <token>");
  }

  /**
   * With OIDC configured, fetches the issuer's keys now; see {@link JwtVerifier#fetchKeys()}.
   *
   * @return what went wrong, or empty when the keys were fetched or there is no OIDC issuer
   */
  public Optional<String> fetchKeys() {
    return jwt == null ? Optional.empty() : jwt.fetchKeys();
  }

  /** The verifier of the OIDC issuer's tokens, or null when none is configured (the web UI's login shares it). */
  public JwtVerifier jwtVerifier() {
    return jwt;
  }

  private AuthResult bearer(String authorization) {
    if (authorization.length() > MAX_AUTHORIZATION_CHARS) {
      return refused(Reason.MALFORMED, "Authorization header too long");
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return refused(Reason.MALFORMED, "Authorization must be: Bearer <token>");
    }
    String token = authorization.substring(BEARER.length()).strip();
    if (token.isEmpty()) {
      return refused(Reason.MALFORMED, "Authorization must be: Bearer <token>");
    }
    Optional<ApiTokenConfig> configured = tokens.find(token);
    if (configured.isPresent()) {
      ApiTokenConfig found = configured.get();
      TenantId tenant = found.tenantId();
      return new Authenticated(
          new Principal(
              found.name(),
              AuthMethod.API_TOKEN,
              Map.of(tenant, EnumSet.of(found.role())),
              List.of(tenant)));
    }
    if (jwt == null || !JwtVerifier.looksLikeJwt(token)) {
      return refused(Reason.UNKNOWN_TOKEN, "invalid token");
    }
    try {
      VerifiedJwt verified = jwt.verify(token);
      return new Authenticated(
          new Principal(
              verified.subject(),
              AuthMethod.OIDC,
              bindings.forUser(verified.subject(), verified.groups()),
              verified.tenants()));
    } catch (JwtVerifier.Rejected e) {
      return new Refused(e.failure());
    }
  }

  private AuthResult certificate(String subject) {
    String commonName = commonName(subject);
    return new Authenticated(
        new Principal(
            commonName,
            AuthMethod.CLIENT_CERTIFICATE,
            bindings.forCertificate(commonName),
            List.of()));
  }

  /** The most specific CN of an RFC 2253 name, or the whole name when it has none. */
  static String commonName(String distinguishedName) {
    try {
      List<Rdn> rdns = new LdapName(distinguishedName).getRdns(); // least specific first
      for (int i = rdns.size() - 1; i >= 0; i--) {
        Rdn rdn = rdns.get(i);
        if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      // The TLS layer hands over what the certificate holds; a name LDAP cannot parse is used as it
      // is.
    }
    return distinguishedName;
  }

  private static Refused refused(Reason reason, String message) {
    return new Refused(new AuthFailure(reason, message));
  }

  @Override
  public void close() throws IOException {
    if (jwt != null) {
      jwt.close();
    }
  }
}
