package io.tracemate.queue.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How Tracemate's Kafka clients authenticate and encrypt: the {@code kafka.security} block, applied alike to every
 * client (the receivers' producer, the ingesters' consumers, the admin clients that create topics and watch health
 * and lag). Kafka's own properties underneath ({@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config}, {@code ssl.truststore.*}, {@code ssl.keystore.*}), typed here so that a mistake is named
 * at start rather than found as a connection that never authenticates.
 *
 * <p>{@link #toString()} leaves the JAAS configuration and the passwords out: settings may be logged.
 *
 * @param protocol {@code PLAINTEXT} (default), {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}
 * @param saslMechanism {@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}, {@code OAUTHBEARER},
 *     {@code GSSAPI}; required with a SASL protocol
 * @param saslJaasConfig the login module line, e.g. {@code org.apache.kafka.common.security.scram.ScramLoginModule
 *     required username="..." password="...";}; required for PLAIN and SCRAM
 * @param ssl trust and key stores, with an {@code SSL} or {@code SASL_SSL} protocol
 * @param properties further {@code ssl.*}, {@code sasl.*} and {@code security.*} client properties (Kafka's names),
 *     e.g. an OAUTHBEARER token endpoint, for every client
 */
public record KafkaSecurity(
    String protocol,
    String saslMechanism,
    String saslJaasConfig,
    Ssl ssl,
    Map<String, String> properties) {

  private static final Set<String> PROTOCOLS =
      Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  /** The properties this record sets itself, refused in the pass-through maps. */
  static final Set<String> TYPED_PROPERTIES =
      Set.of(
          CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
          SaslConfigs.SASL_MECHANISM,
          SaslConfigs.SASL_JAAS_CONFIG,
          SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG,
          SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG,
          SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG,
          SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG,
          SslConfigs.SSL_KEYSTORE_TYPE_CONFIG,
          SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG,
          SslConfigs.SSL_KEY_PASSWORD_CONFIG,
          SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG);

  /** Plaintext, no authentication: Kafka's defaults. (After the sets above, which its construction reads.) */
  public static final KafkaSecurity NONE = new KafkaSecurity(null, null, null, null, null);

  /**
   * @param truststore the CAs to trust ({@code ssl.truststore.location}): PEM, PKCS12 or JKS by
   *     {@code truststoreType}; the JVM's default trust store when unset
   * @param truststoreType {@code PEM}, {@code PKCS12} or {@code JKS} (Kafka's default: JKS)
   * @param truststorePassword the trust store's password (none for PEM)
   * @param keystore this client's certificate and key, for brokers that ask for one (mutual TLS)
   * @param keystoreType as {@code truststoreType}
   * @param keystorePassword the key store's password
   * @param keyPassword the key's own password, when it differs
   * @param verifyHostname whether the broker's certificate must name its host (default true: Kafka's
   *     {@code ssl.endpoint.identification.algorithm=https})
   */
  public record Ssl(
      Path truststore,
      String truststoreType,
      String truststorePassword,
      Path keystore,
      String keystoreType,
      String keystorePassword,
      String keyPassword,
      Boolean verifyHostname) {
    public Ssl {
      readable(truststore, "kafka.security.ssl.truststore");
      readable(keystore, "kafka.security.ssl.keystore");
      verifyHostname = verifyHostname == null || verifyHostname;
    }

    @Override
    public String toString() {
      return "Ssl[truststore="
          + truststore
          + ", keystore="
          + keystore
          + ", verifyHostname="
          + verifyHostname
          + "]";
    }
  }

  public KafkaSecurity {
    protocol = protocol == null ? "PLAINTEXT" : protocol.strip().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException(
          "kafka.security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '"
              + protocol
              + "'");
    }
    boolean sasl = protocol.startsWith("SASL_");
    if (sasl && (saslMechanism == null || saslMechanism.isBlank())) {
      throw new IllegalArgumentException(
          "kafka.security.sasl.mechanism is required with protocol "
              + protocol
              + " (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER or GSSAPI)");
    }
    if (!sasl && (saslMechanism != null || saslJaasConfig != null)) {
      throw new IllegalArgumentException(
          "kafka.security.sasl needs protocol SASL_PLAINTEXT or SASL_SSL, got " + protocol);
    }
    if (sasl) {
      saslMechanism = saslMechanism.strip().toUpperCase(Locale.ROOT);
      boolean needsLogin = saslMechanism.equals("PLAIN") || saslMechanism.startsWith("SCRAM-");
      if (needsLogin && (saslJaasConfig == null || saslJaasConfig.isBlank())) {
        throw new IllegalArgumentException(
            "kafka.security.sasl: mechanism "
                + saslMechanism
                + " needs jaas-config or jaas-config-file (the login module with username and"
                + " password)");
      }
    }
    if (ssl != null && !protocol.endsWith("SSL")) {
      throw new IllegalArgumentException(
          "kafka.security.ssl needs protocol SSL or SASL_SSL, got " + protocol);
    }
    Map<String, String> extra = new TreeMap<>(properties == null ? Map.of() : properties);
    for (String name : extra.keySet()) {
      if (TYPED_PROPERTIES.contains(name)) {
        throw new IllegalArgumentException(
            "kafka.security.properties." + name + ": set it with kafka.security's own key");
      }
      if (!name.startsWith("ssl.") && !name.startsWith("sasl.") && !name.startsWith("security.")) {
        throw new IllegalArgumentException(
            "kafka.security.properties."
                + name
                + ": only ssl.*, sasl.* and security.* client properties go here (others in"
                + " kafka.producer or kafka.consumer)");
      }
    }
    properties = Map.copyOf(extra);
  }

  /** What every Kafka client of Tracemate's is given. */
  Map<String, Object> clientProperties() {
    Map<String, Object> client = new HashMap<>(properties);
    client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
    if (saslMechanism != null) {
      client.put(SaslConfigs.SASL_MECHANISM, saslMechanism);
    }
    if (saslJaasConfig != null) {
      client.put(SaslConfigs.SASL_JAAS_CONFIG, saslJaasConfig);
    }
    if (ssl != null) {
      putIfSet(client, SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, ssl.truststore());
      putIfSet(client, SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, ssl.truststoreType());
      putIfSet(client, SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, ssl.truststorePassword());
      putIfSet(client, SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, ssl.keystore());
      putIfSet(client, SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, ssl.keystoreType());
      putIfSet(client, SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, ssl.keystorePassword());
      putIfSet(client, SslConfigs.SSL_KEY_PASSWORD_CONFIG, ssl.keyPassword());
      client.put(
          SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG,
          ssl.verifyHostname() ? "https" : "");
    }
    return client;
  }

  private static void putIfSet(Map<String, Object> client, String name, Object value) {
    if (value != null) {
      client.put(name, value.toString());
    }
  }

  private static void readable(Path file, String key) {
    if (file != null && !Files.isReadable(file)) {
      throw new IllegalArgumentException(key + ": cannot read " + file);
    }
  }

  @Override
  public String toString() {
    return "KafkaSecurity[protocol="
        + protocol
        + ", saslMechanism="
        + saslMechanism
        + ", saslJaasConfig="
        + (saslJaasConfig == null ? "none" : "(hidden)")
        + ", ssl="
        + ssl
        + ", properties="
        + properties.keySet()
        + "]";
  }
}
