package io.tracemate.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import io.tracemate.auth.config.OidcConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URL;

/**
 * The issuer's keys at the {@code jwks_uri} its {@code /.well-known/openid-configuration} names (OpenID Connect
 * Discovery 1.0), found on first use and then kept. The document must name the configured issuer exactly, as the
 * specification requires, so a misrouted URL cannot hand over another issuer's keys. A failure is retried on the
 * next fetch, which nimbus' cache and rate limit in front of this source space out.
 *
 * <p>Thread-safe.
 */
final class DiscoveredJwkSetSource implements JWKSetSource<SecurityContext> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String issuer;
  private final ResourceRetriever retriever;
  private volatile URLBasedJWKSetSource<SecurityContext> keys;

  DiscoveredJwkSetSource(String issuer, ResourceRetriever retriever) {
    this.issuer = issuer;
    this.retriever = retriever;
  }

  /** Where the discovery document of {@code issuer} is. */
  static String discoveryUrl(String issuer) {
    return OidcConfig.discoveryUrl(issuer);
  }

  @Override
  public JWKSet getJWKSet(
      JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
      throws KeySourceException {
    URLBasedJWKSetSource<SecurityContext> found = keys;
    if (found == null) {
      found = discover();
      keys = found;
    }
    return found.getJWKSet(refreshEvaluator, currentTime, context);
  }

  private URLBasedJWKSetSource<SecurityContext> discover() throws KeySourceException {
    String where = discoveryUrl(issuer);
    JsonNode document;
    try {
      document = JSON.readTree(retriever.retrieveResource(new URI(where).toURL()).getContent());
    } catch (IOException | IllegalArgumentException | java.net.URISyntaxException e) {
      throw new JWKSetUnavailableException(
          "could not read the OIDC discovery document " + where + ": " + e.getMessage(), e);
    }
    if (document == null || !document.isObject()) {
      throw new JWKSetUnavailableException(
          "the OIDC discovery document " + where + " is not a JSON object", null);
    }
    String named = document.path("issuer").asText(null);
    if (!issuer.equals(named)) {
      throw new JWKSetUnavailableException(
          "the OIDC discovery document "
              + where
              + " names the issuer '"
              + named
              + "', not '"
              + issuer
              + "'",
          null);
    }
    String jwksUri = document.path("jwks_uri").asText(null);
    if (jwksUri == null) {
      throw new JWKSetUnavailableException(
          "the OIDC discovery document " + where + " has no jwks_uri", null);
    }
    URL url;
    try {
      OidcConfig.checkFetchUrl(
          "jwks_uri", jwksUri); // as a configured jwks-url: https, or http on loopback
      url = new URI(jwksUri).toURL();
    } catch (IllegalArgumentException | java.net.URISyntaxException | IOException e) {
      throw new JWKSetUnavailableException(
          "the OIDC discovery document " + where + " has no usable jwks_uri: " + e.getMessage(), e);
    }
    return new URLBasedJWKSetSource<>(url, retriever);
  }

  @Override
  public void close() throws IOException {
    URLBasedJWKSetSource<SecurityContext> found = keys;
    if (found != null) {
      found.close();
    }
  }
}
