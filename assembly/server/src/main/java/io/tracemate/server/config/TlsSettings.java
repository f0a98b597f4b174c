package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * TLS of listeners ({@code server.tls}, or {@code receivers.tls} / {@code query.tls} for those ports): PEM files, as the OpenTelemetry Collector's {@code tls:} block names
 * them (its {@code cert_file}, {@code key_file}, {@code client_ca_file}, {@code min_version} spellings are accepted
 * too). No {@code cert-file} means plain text, as before.
 *
 * @param certFile the server's certificate chain (PEM), leaf first
 * @param keyFile its private key, unencrypted PEM: PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), PKCS#1 RSA or
 *     SEC1 EC
 * @param clientCaFile CA certificates (PEM) that client certificates must chain to; required unless client-auth is
 *     none
 * @param clientAuth whether clients must present a certificate: none, optional (verified when sent; the Collector
 *     and the design's "request") or require (mTLS)
 * @param minVersion TLSv1.2 (default) or TLSv1.3
 * @param reloadInterval how often the files are checked for changes; a change takes effect for new connections
 */
public record TlsSettings(
    @JsonProperty("cert-file") @JsonAlias("cert_file") Path certFile,
    @JsonProperty("key-file") @JsonAlias("key_file") Path keyFile,
    @JsonProperty("client-ca-file") @JsonAlias("client_ca_file") Path clientCaFile,
    @JsonProperty("client-auth") @JsonAlias("client_auth") String clientAuth,
    @JsonProperty("min-version") @JsonAlias("min_version") String minVersion,
    @JsonProperty("reload-interval") @JsonAlias("reload_interval") Duration reloadInterval) {
  public static final TlsSettings DEFAULTS = new TlsSettings(null, null, null, null, null, null);

  /** Whether a client must, may or need not present a certificate. */
  public enum ClientAuth {
    NONE,
    OPTIONAL,
    REQUIRE
  }

  public TlsSettings {
    if ((certFile == null) != (keyFile == null)) {
      throw new IllegalArgumentException(
          "tls needs both cert-file and key-file (or neither, for plain text)");
    }
    clientAuth = clientAuth == null ? "none" : clientAuth.toLowerCase(Locale.ROOT);
    parseClientAuth(clientAuth);
    minVersion = minVersion == null ? "TLSv1.2" : normalizeVersion(minVersion);
    reloadInterval = reloadInterval == null ? Duration.ofSeconds(10) : reloadInterval;
    ConfigChecks.positive(reloadInterval, null, "tls.reload-interval");
    if (certFile == null && clientCaFile != null) {
      throw new IllegalArgumentException(
          "tls.client-ca-file is set but cert-file and key-file are not: client certificates need TLS");
    }
    if (parseClientAuth(clientAuth) != ClientAuth.NONE && clientCaFile == null) {
      throw new IllegalArgumentException(
          "tls.client-auth: "
              + clientAuth
              + " needs client-ca-file (the CA clients' certificates chain to)");
    }
  }

  /** Whether the listeners speak TLS. */
  public boolean enabled() {
    return certFile != null;
  }

  public ClientAuth clientAuthMode() {
    return parseClientAuth(clientAuth);
  }

  private static ClientAuth parseClientAuth(String value) {
    return switch (value) {
      case "none" -> ClientAuth.NONE;
      case "optional", "request" -> ClientAuth.OPTIONAL;
      case "require", "required" -> ClientAuth.REQUIRE;
      default ->
          throw new IllegalArgumentException(
              "tls.client-auth must be none, optional or require, got " + value);
    };
  }

  /** TLSv1.2 and TLSv1.3, also as the Collector writes them ("1.2", "1.3"). */
  private static String normalizeVersion(String value) {
    return switch (value.strip()) {
      case "TLSv1.2", "1.2" -> "TLSv1.2";
      case "TLSv1.3", "1.3" -> "TLSv1.3";
      default ->
          throw new IllegalArgumentException(
              "tls.min-version must be TLSv1.2 or TLSv1.3 (1.2 or 1.3), got "
                  + value
                  + "; older versions are not offered");
    };
  }
}
