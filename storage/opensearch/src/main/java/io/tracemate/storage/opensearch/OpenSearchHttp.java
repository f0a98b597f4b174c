package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.tracemate.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Request;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * The one door to the cluster: the official {@code opensearch-java} client on its Apache HttpClient 5 transport
 * (connection pool over every configured node, basic auth, TLS), used through its generic client so that request
 * bodies are Jackson trees and bulk bodies are bytes whose size we know. A status of 429 or 5xx, or no answer at
 * all, is a retryable {@link StorageException}; any other non-2xx is a permanent one naming what OpenSearch said.
 *
 * <p>Shared by the span and the log backends of this module (public for {@code ...opensearch.logs}); not an API
 * of its own. Thread-safe.
 */
public final class OpenSearchHttp implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final ApacheHttpClient5Transport transport;
  private final OpenSearchGenericClient client;

  public OpenSearchHttp(OpenSearchStorageConfig config) {
    HttpHost[] hosts = config.urls().stream().map(OpenSearchHttp::host).toArray(HttpHost[]::new);
    SSLContext ssl = sslContext(config.tls());
    Timeout timeout = Timeout.ofMilliseconds(config.requestTimeout().toMillis());
    transport =
        ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper(JSON))
            .setRequestConfigCallback(
                request -> request.setResponseTimeout(timeout).setConnectionRequestTimeout(timeout))
            .setHttpClientConfigCallback(
                http -> {
                  if (config.username() != null) {
                    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                    for (HttpHost host : hosts) {
                      credentials.setCredentials(
                          new AuthScope(host),
                          new UsernamePasswordCredentials(
                              config.username(), config.password().toCharArray()));
                    }
                    http.setDefaultCredentialsProvider(credentials);
                  }
                  ClientTlsStrategyBuilder tls =
                      ClientTlsStrategyBuilder.create().setSslContext(ssl);
                  if (config.tls().insecure()) {
                    tls.setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
                  }
                  return http.setConnectionManager(
                      PoolingAsyncClientConnectionManagerBuilder.create()
                          .setTlsStrategy(tls.build())
                          .setMaxConnPerRoute(config.bulk().maxInFlight() + 8)
                          .setMaxConnTotal((config.bulk().maxInFlight() + 8) * hosts.length)
                          .build());
                })
            .build();
    client = new OpenSearchClient(transport).generic();
  }

  private static HttpHost host(URI url) {
    int port = url.getPort() != -1 ? url.getPort() : 9200;
    return new HttpHost(url.getScheme(), url.getHost(), port);
  }

  private static SSLContext sslContext(OpenSearchStorageConfig.Tls tls) {
    try {
      if (tls.insecure()) {
        return SSLContextBuilder.create().loadTrustMaterial(null, (chain, type) -> true).build();
      }
      if (tls.ca() == null) {
        return SSLContext.getDefault();
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(tls.ca())) {
        int i = 0;
        for (Certificate certificate :
            CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          trust.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
          throw new IllegalArgumentException(
              "storage.opensearch.tls.ca: no certificate in " + tls.ca());
        }
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "storage.opensearch.tls.ca: cannot read " + tls.ca() + ": " + e.getMessage(), e);
    }
  }

  /** A JSON request; the parsed answer, or a {@link StorageException}. */
  public JsonNode json(String method, String endpoint, Map<String, String> query, JsonNode body) {
    try {
      return send(
          method,
          endpoint,
          query,
          body == null ? null : JSON.writeValueAsBytes(body),
          "application/json");
    } catch (IOException e) {
      throw new StorageException(
          "cannot encode a request to OpenSearch: " + e.getMessage(), false, e);
    }
  }

  /** {@link #json} with a raw body (NDJSON for bulk requests). */
  public JsonNode send(
      String method, String endpoint, Map<String, String> query, byte[] body, String contentType) {
    Requests.JsonBodyBuilder builder = Requests.builder().method(method).endpoint(endpoint);
    if (query != null && !query.isEmpty()) {
      builder.query(query);
    }
    if (body != null) {
      builder.body(Body.from(body, contentType));
    }
    Request request = builder.build();
    try (Response response = client.execute(request)) {
      int status = response.getStatus();
      byte[] answer = response.getBody().map(Body::bodyAsBytes).orElse(new byte[0]);
      if (status >= 200 && status < 300) {
        return answer.length == 0 ? MissingNode.getInstance() : JSON.readTree(answer);
      }
      String text =
          new String(
              answer, 0, Math.min(answer.length, 2000), java.nio.charset.StandardCharsets.UTF_8);
      throw new OpenSearchStatusException(
          method + " " + endpoint + " answered " + status + ": " + text, status, retryable(status));
    } catch (ResponseException e) {
      throw new OpenSearchStatusException(
          method + " " + endpoint + " answered " + e.getMessage(),
          e.status(),
          retryable(e.status()));
    } catch (IOException e) {
      throw new StorageException(
          "OpenSearch unreachable (" + method + " " + endpoint + "): " + e.getMessage(), true, e);
    }
  }

  /**
   * Runs a read, again after a retryable failure (a shard still starting answers 503, an overloaded node 429), at
   * most {@value #READ_ATTEMPTS} times within about two seconds: reads are idempotent, and a search racing with the
   * creation of a day's index should not fail for it.
   */
  public static <T> T read(java.util.function.Supplier<T> read) {
    for (int attempt = 1; ; attempt++) {
      try {
        return read.get();
      } catch (StorageException e) {
        if (!e.retryable() || attempt == READ_ATTEMPTS) {
          throw e;
        }
        sleepQuietly(100L << attempt);
      }
    }
  }

  private static final int READ_ATTEMPTS = 4;

  /** Whether OpenSearch answers at all (for /ready): a GET of the cluster health, within the request timeout. */
  public boolean reachable() {
    try {
      json("GET", "/_cluster/health", Map.of("timeout", "5s"), null);
      return true;
    } catch (StorageException e) {
      return false;
    }
  }

  public static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException e) {
      // nothing left to do with a transport we are done with
    }
  }

  /** A non-2xx answer, with its status. */
  static final class OpenSearchStatusException extends StorageException {
    private final int status;

    OpenSearchStatusException(String message, int status, boolean retryable) {
      super(message, retryable);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  static void sleepQuietly(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
