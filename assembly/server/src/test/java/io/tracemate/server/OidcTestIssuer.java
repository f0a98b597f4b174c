package io.tracemate.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/**
 * An OIDC issuer's key side for the server's tests: a real HTTP server on 127.0.0.1 serving a JWKS with one RSA key
 * made by nimbus, and tokens signed with it.
 */
final class OidcTestIssuer implements AutoCloseable {
  static final String AUDIENCE = "tracemate";

  private final RSAKey key;
  private final Server server;

  OidcTestIssuer() throws JOSEException {
    key = new RSAKeyGenerator(2048).keyID("key-1").generate();
    String jwks = new JWKSet(key.toPublicJWK()).toString(true);
    server =
        Server.builder()
            .http(new java.net.InetSocketAddress("127.0.0.1", 0))
            .service("/keys", (ctx, req) -> HttpResponse.of(MediaType.JSON, jwks))
            .build();
    server.start().join();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.activeLocalPort();
  }

  String jwksUrl() {
    return issuer() + "/keys";
  }

  /** A token for {@code subject}, valid for five minutes from {@code issuedAt}. */
  String token(String subject, Instant issuedAt) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer())
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plusSeconds(300)))
                .build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
