package io.tracemate.alerting.notify.delivery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * How Tracemate authenticates to an HTTP receiver and trusts it: Prometheus' HTTP client keys ({@code basic_auth},
 * {@code authorization}, {@code tls_config}), so a block pasted from Prometheus' {@code alerting.alertmanagers} or
 * Alertmanager's {@code http_config} means the same here. Secrets in files are read when the client is built.
 *
 * @param basicAuth {@code username} with {@code password} or {@code password_file}
 * @param authorization {@code type} (default Bearer) with {@code credentials} or {@code credentials_file}
 * @param tlsConfig {@code ca_file}, {@code cert_file} + {@code key_file} (client certificate), {@code
 *     insecure_skip_verify}
 */
public record HttpClientSettings(
    @JsonProperty("basic_auth") BasicAuth basicAuth,
    @JsonProperty("authorization") Authorization authorization,
    @JsonProperty("tls_config") TlsConfig tlsConfig) {
  public static final HttpClientSettings NONE = new HttpClientSettings(null, null, null);

  public HttpClientSettings {
    if (basicAuth != null && authorization != null) {
      throw new IllegalArgumentException(
          "at most one of basic_auth and authorization may be configured");
    }
    tlsConfig = tlsConfig == null ? TlsConfig.NONE : tlsConfig;
  }

  /** The {@code Authorization} header value, or null for none. */
  public String authorizationHeader() {
    if (basicAuth != null) {
      String pair = basicAuth.username() + ":" + basicAuth.password();
      return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
    if (authorization != null) {
      return authorization.type() + " " + authorization.credentials();
    }
    return null;
  }

  /** Prometheus' {@code basic_auth}. */
  public record BasicAuth(
      @JsonProperty("username") String username,
      @JsonProperty("password") String password,
      @JsonProperty("password_file") Path passwordFile) {
    public BasicAuth {
      if (username == null || username.isEmpty()) {
        throw new IllegalArgumentException("basic_auth.username is required");
      }
      if (password != null && passwordFile != null) {
        throw new IllegalArgumentException(
            "at most one of basic_auth.password and password_file may be configured");
      }
      password = passwordFile != null ? secret(passwordFile) : password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "BasicAuth[" + username + ", <secret>]";
    }
  }

  /** Prometheus' {@code authorization}: {@code type} (default Bearer) and credentials. */
  public record Authorization(
      @JsonProperty("type") String type,
      @JsonProperty("credentials") String credentials,
      @JsonProperty("credentials_file") Path credentialsFile) {
    public Authorization {
      type = type == null || type.isEmpty() ? "Bearer" : type;
      if (type.equalsIgnoreCase("basic")) {
        throw new IllegalArgumentException(
            "authorization.type Basic is not allowed: use basic_auth instead");
      }
      if (credentials != null && credentialsFile != null) {
        throw new IllegalArgumentException(
            "at most one of authorization.credentials and credentials_file may be configured");
      }
      credentials =
          credentialsFile != null
              ? secret(credentialsFile)
              : credentials == null ? "" : credentials;
    }

    @Override
    public String toString() {
      return "Authorization[" + type + ", <secret>]";
    }
  }

  /**
   * Prometheus' {@code tls_config}.
   *
   * @param caFile CAs the receiver's certificate must chain to (default: the JVM's trust store)
   * @param certFile client certificate (PEM), with {@code key_file}
   * @param keyFile its private key (PEM, PKCS#8)
   * @param insecureSkipVerify accept any server certificate (tests and labs only)
   */
  public record TlsConfig(
      @JsonProperty("ca_file") Path caFile,
      @JsonProperty("cert_file") Path certFile,
      @JsonProperty("key_file") Path keyFile,
      @JsonProperty("insecure_skip_verify") Boolean insecureSkipVerify) {
    public static final TlsConfig NONE = new TlsConfig(null, null, null, null);

    public TlsConfig {
      if ((certFile == null) != (keyFile == null)) {
        throw new IllegalArgumentException(
            "tls_config.cert_file and key_file must be configured together");
      }
      insecureSkipVerify = insecureSkipVerify != null && insecureSkipVerify;
    }
  }

  private static String secret(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read secret file " + file + ": " + e.getMessage(), e);
    }
  }
}
