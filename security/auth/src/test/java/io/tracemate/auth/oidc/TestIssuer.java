package io.tracemate.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real OIDC issuer's key side for tests: a JDK HTTP server on 127.0.0.1 and a free port serving a JWKS (whose
 * keys a test can rotate) and a discovery document, counting the fetches; keys and tokens made by nimbus.
 */
public final class TestIssuer implements AutoCloseable {
  public static final String AUDIENCE = "tracemate";

  private final HttpServer server;
  private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet());
  private final AtomicReference<String> discoveredIssuer = new AtomicReference<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicInteger discoveryFetches = new AtomicInteger();

  public TestIssuer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/keys",
        exchange -> {
          jwksFetches.incrementAndGet();
          respond(exchange, published.get().toString(true));
        });
    server.createContext(
        "/.well-known/openid-configuration",
        exchange -> {
          discoveryFetches.incrementAndGet();
          String issuer = discoveredIssuer.get() != null ? discoveredIssuer.get() : issuer();
          respond(exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUrl() + "\"}");
        });
    server.start();
  }

  private static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public String jwksUrl() {
    return issuer() + "/keys";
  }

  /** Serves these keys' public halves from now on. */
  public void publish(JWK... keys) {
    published.set(new JWKSet(List.of(keys)).toPublicJWKSet());
  }

  /** The discovery document names this issuer instead of the real one. */
  public void discoveryNamesIssuer(String issuer) {
    discoveredIssuer.set(issuer);
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  public int discoveryFetches() {
    return discoveryFetches.get();
  }

  public static RSAKey rsaKey(String keyId) throws JOSEException {
    return new RSAKeyGenerator(2048).keyID(keyId).generate();
  }

  public static ECKey ecKey(String keyId) throws JOSEException {
    return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
  }

  public static OctetKeyPair edKey(String keyId) throws JOSEException {
    return new OctetKeyPairGenerator(Curve.Ed25519).keyID(keyId).generate();
  }

  /** Claims of a token this issuer would give {@code subject}: valid for 10 minutes from {@code now}. */
  public JWTClaimsSet.Builder claims(String subject, Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(AUDIENCE)
        .subject(subject)
        .issueTime(java.util.Date.from(now))
        .notBeforeTime(java.util.Date.from(now))
        .expirationTime(java.util.Date.from(now.plusSeconds(600)));
  }

  /** The claims signed with {@code key}, with its algorithm and key ID, {@code typ: JWT}. */
  public static String sign(JWK key, JWTClaimsSet claims) throws JOSEException {
    return sign(key, key.getKeyID(), claims);
  }

  /** The claims signed with {@code key}, its algorithm and {@code typ: JWT}, under the key ID {@code keyId}. */
  public static String sign(JWK key, String keyId, JWTClaimsSet claims) throws JOSEException {
    JWSAlgorithm algorithm;
    JWSSigner signer;
    if (key instanceof RSAKey rsa) {
      algorithm = JWSAlgorithm.RS256;
      signer = new RSASSASigner(rsa);
    } else if (key instanceof ECKey ec) {
      algorithm = JWSAlgorithm.ES256;
      signer = new ECDSASigner(ec);
    } else {
      algorithm = JWSAlgorithm.EdDSA;
      signer = new Ed25519Signer((OctetKeyPair) key);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(algorithm).keyID(keyId).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
