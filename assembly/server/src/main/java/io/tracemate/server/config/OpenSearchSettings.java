package io.tracemate.server.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.tracemate.storage.opensearch.OpenSearchStorageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code storage.opensearch}: the cluster spans go to with {@code storage.backend: opensearch}. The keys follow
 * Jaeger's OpenSearch options ({@code es.server-urls}, {@code es.username}, {@code es.password}, {@code es.tls.ca},
 * {@code es.index-prefix}, {@code es.bulk.size}, {@code es.bulk.workers}, {@code es.bulk.flush-interval},
 * {@code es.num-shards}, {@code es.num-replicas}) in Jaeger v2's snake_case.
 *
 * @param urls the nodes requests go to (default {@code http://localhost:9200})
 * @param username basic-auth user; none by default
 * @param password its password, or
 * @param passwordFile a file holding it (a Kubernetes secret; trailing newlines are ignored)
 * @param tls {@code ca}: PEM of the CAs to trust over https (default: the JVM's); {@code insecure}: trust any
 *     certificate (false by default; never in production)
 * @param indexPrefix indices are {@code <prefix>-jaeger-span-YYYY-MM-DD}; none by default
 * @param bulk {@code max_bytes} (5MiB) a bulk request's size, {@code max_in_flight} (2) requests at once,
 *     {@code flush_interval} (200ms) the longest a span waits in the buffer
 * @param shards primary shards of each daily index (default 1)
 * @param replicas replicas of each daily index (default 1)
 */
public record OpenSearchSettings(
    @JsonProperty("urls") @JsonAlias("server_urls") List<URI> urls,
    @JsonProperty("username") String username,
    @JsonProperty("password") String password,
    @JsonProperty("password_file") @JsonAlias("password-file") Path passwordFile,
    @JsonProperty("tls") Tls tls,
    @JsonProperty("index_prefix") @JsonAlias("index-prefix") String indexPrefix,
    @JsonProperty("bulk") Bulk bulk,
    @JsonProperty("shards") Integer shards,
    @JsonProperty("replicas") Integer replicas) {
  public static final OpenSearchSettings DEFAULTS =
      new OpenSearchSettings(null, null, null, null, null, null, null, null, null);

  /** {@code storage.opensearch.tls}. */
  public record Tls(@JsonProperty("ca") Path ca, @JsonProperty("insecure") Boolean insecure) {
    public Tls {
      insecure = insecure != null && insecure;
    }
  }

  /** {@code storage.opensearch.bulk}. */
  public record Bulk(
      @JsonProperty("max_bytes")
          @JsonAlias("max-bytes")
          @JsonDeserialize(using = ByteSizeDeserializer.class)
          Long maxBytes,
      @JsonProperty("max_in_flight") @JsonAlias("max-in-flight") Integer maxInFlight,
      @JsonProperty("flush_interval") @JsonAlias("flush-interval") Duration flushInterval) {
    public Bulk {
      maxBytes =
          ConfigChecks.bytesBetween(
              maxBytes,
              OpenSearchStorageConfig.Bulk.DEFAULT.maxBytes(),
              1024,
              100L << 20,
              "storage.opensearch.bulk.max_bytes");
      maxInFlight =
          ConfigChecks.atLeast(
              maxInFlight,
              OpenSearchStorageConfig.Bulk.DEFAULT.maxInFlight(),
              1,
              "storage.opensearch.bulk.max_in_flight");
      flushInterval =
          ConfigChecks.positive(
              flushInterval,
              OpenSearchStorageConfig.Bulk.DEFAULT.flushInterval(),
              "storage.opensearch.bulk.flush_interval");
    }
  }

  public OpenSearchSettings {
    urls =
        urls == null || urls.isEmpty()
            ? List.of(URI.create("http://localhost:9200"))
            : List.copyOf(urls);
    tls = tls == null ? new Tls(null, false) : tls;
    indexPrefix = indexPrefix == null ? "" : indexPrefix;
    bulk = bulk == null ? new Bulk(null, null, null) : bulk;
    shards = ConfigChecks.atLeast(shards, 1, 1, "storage.opensearch.shards");
    replicas = ConfigChecks.atLeast(replicas, 1, 0, "storage.opensearch.replicas");
    if (password != null && passwordFile != null) {
      throw new IllegalArgumentException(
          "storage.opensearch: give password or password_file, not both");
    }
    if (username == null && (password != null || passwordFile != null)) {
      throw new IllegalArgumentException("storage.opensearch: a password needs a username");
    }
    // checked here, at start, rather than at the first write
    storageConfig(urls, username, password, passwordFile, tls, indexPrefix, bulk, shards, replicas);
  }

  /** The backend's config; the password file is read now. */
  public OpenSearchStorageConfig toStorageConfig() {
    return storageConfig(
        urls, username, password, passwordFile, tls, indexPrefix, bulk, shards, replicas);
  }

  private static OpenSearchStorageConfig storageConfig(
      List<URI> urls,
      String username,
      String password,
      Path passwordFile,
      Tls tls,
      String indexPrefix,
      Bulk bulk,
      int shards,
      int replicas) {
    String secret = password;
    if (passwordFile != null) {
      try {
        secret = Files.readString(passwordFile, StandardCharsets.UTF_8).stripTrailing();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "storage.opensearch.password_file: cannot read " + passwordFile, e);
      }
    }
    return new OpenSearchStorageConfig(
        urls,
        username,
        username == null ? null : secret == null ? "" : secret,
        new OpenSearchStorageConfig.Tls(tls.ca(), tls.insecure()),
        indexPrefix,
        new OpenSearchStorageConfig.Bulk(bulk.maxBytes(), bulk.maxInFlight(), bulk.flushInterval()),
        shards,
        replicas,
        Duration.ofSeconds(30),
        2_000_000);
  }
}
