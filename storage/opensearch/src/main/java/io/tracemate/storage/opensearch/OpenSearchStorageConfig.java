package io.tracemate.storage.opensearch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach an OpenSearch cluster and lay spans out in it. Jaeger's {@code es.*} options are the model: the
 * names differ where Tracemate's config has its own style, the meaning does not.
 *
 * <p>Immutable.
 *
 * @param urls the nodes to send requests to, {@code http://} or {@code https://} (Jaeger's {@code es.server-urls})
 * @param username basic-auth user, or null for none
 * @param password basic-auth password (read from its file by the caller), or null
 * @param tls how to trust the cluster's certificate over https
 * @param indexPrefix prepended to every index name with a dash ({@code es.index-prefix}): {@code prod} gives
 *     {@code prod-jaeger-span-2026-12-07}; empty for none
 * @param bulk how writes are batched ({@code es.bulk.*})
 * @param shards primary shards of each new daily index ({@code es.num-shards})
 * @param replicas replicas of each new daily index ({@code es.num-replicas})
 * @param requestTimeout how long one request may take before it counts as failed (and is retried, for writes)
 * @param maxDependencySpans most spans one dependencies() call reads
 */
public record OpenSearchStorageConfig(
    List<URI> urls,
    String username,
    String password,
    Tls tls,
    String indexPrefix,
    Bulk bulk,
    int shards,
    int replicas,
    Duration requestTimeout,
    int maxDependencySpans) {

  /**
   * @param ca PEM file of the certificate authorities to trust, or null for the JVM's default trust store
   * @param insecure trust any certificate and host name (tests only; false by default)
   */
  public record Tls(Path ca, boolean insecure) {
    public static final Tls DEFAULT = new Tls(null, false);
  }

  /**
   * @param maxBytes a bulk request is sent once its buffered documents reach this size ({@code es.bulk.size})
   * @param maxInFlight bulk requests sent at once ({@code es.bulk.workers}); at most {@code maxBytes * maxInFlight}
   *     bytes are in flight, and a writer waits for a free slot beyond that
   * @param flushInterval buffered documents are sent at least this often ({@code es.bulk.flush-interval})
   */
  public record Bulk(long maxBytes, int maxInFlight, Duration flushInterval) {
    public static final Bulk DEFAULT = new Bulk(5L << 20, 2, Duration.ofMillis(200));

    public Bulk {
      if (maxBytes < 1024) {
        throw new IllegalArgumentException("bulk.max_bytes must be at least 1KB, got " + maxBytes);
      }
      if (maxInFlight < 1) {
        throw new IllegalArgumentException(
            "bulk.max_in_flight must be at least 1, got " + maxInFlight);
      }
      Objects.requireNonNull(flushInterval, "flushInterval");
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException(
            "bulk.flush_interval must be positive, got " + flushInterval);
      }
    }
  }

  public OpenSearchStorageConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("storage.opensearch.urls must name at least one node");
    }
    for (URI url : urls) {
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
        throw new IllegalArgumentException(
            "storage.opensearch.urls: '" + url + "' is not an http:// or https:// URL with a host");
      }
    }
    tls = tls == null ? Tls.DEFAULT : tls;
    indexPrefix = indexPrefix == null ? "" : indexPrefix;
    if (!indexPrefix.isEmpty() && !indexPrefix.matches("[a-z0-9][a-z0-9_.-]*")) {
      throw new IllegalArgumentException(
          "storage.opensearch.index_prefix must be lowercase letters, digits, '_', '.' or '-', starting with a"
              + " letter or digit; got '"
              + indexPrefix
              + "'");
    }
    bulk = bulk == null ? Bulk.DEFAULT : bulk;
    if (shards < 1) {
      throw new IllegalArgumentException(
          "storage.opensearch.shards must be at least 1, got " + shards);
    }
    if (replicas < 0) {
      throw new IllegalArgumentException(
          "storage.opensearch.replicas must not be negative, got " + replicas);
    }
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
    if (maxDependencySpans < 1) {
      throw new IllegalArgumentException("maxDependencySpans must be at least 1");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "storage.opensearch: username and password go together (give both or neither)");
    }
  }

  /** Defaults for one node: no credentials, no prefix, 5 MB bulks, 1 shard, no replica. */
  public static OpenSearchStorageConfig of(URI url) {
    return of(url, "");
  }

  /** {@link #of(URI)} with an index prefix. */
  public static OpenSearchStorageConfig of(URI url, String indexPrefix) {
    return new OpenSearchStorageConfig(
        List.of(url),
        null,
        null,
        Tls.DEFAULT,
        indexPrefix,
        Bulk.DEFAULT,
        1,
        0,
        Duration.ofSeconds(30),
        2_000_000);
  }
}
