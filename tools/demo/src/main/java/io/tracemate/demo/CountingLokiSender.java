package io.tracemate.demo;

import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import com.github.loki4j.logback.HttpSender;
import com.github.loki4j.logback.JavaHttpSender;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * loki4j's default {@link JavaHttpSender} (java.net.http, no extra dependency), counting how the Loki
 * API answered each push: loki4j itself reports failures only to logback's status listeners.
 * Thread-safe.
 */
final class CountingLokiSender implements HttpSender {

  private final JavaHttpSender delegate = new JavaHttpSender();
  private final LogCounters counters;

  CountingLokiSender(LogCounters counters) {
    this.counters = counters;
  }

  @Override
  public HttpConfig.Builder getConfig() {
    return delegate.getConfig();
  }

  @Override
  public Function<HttpConfig, Loki4jHttpClient> getHttpClientFactory() {
    Function<HttpConfig, Loki4jHttpClient> factory = delegate.getHttpClientFactory();
    return config -> new CountingClient(factory.apply(config), counters);
  }

  @SuppressWarnings("try") // close() declares Exception because Loki4jHttpClient does
  private record CountingClient(Loki4jHttpClient client, LogCounters counters)
      implements Loki4jHttpClient {

    @Override
    public HttpConfig getConfig() {
      return client.getConfig();
    }

    @Override
    public LokiResponse send(ByteBuffer batch) throws Exception {
      try {
        LokiResponse response = client.send(batch);
        boolean accepted = response.status >= 200 && response.status < 300;
        (accepted ? counters.lokiPushesAccepted : counters.lokiPushesFailed).increment();
        return response;
      } catch (Exception e) {
        counters.lokiPushesFailed.increment();
        throw e;
      }
    }

    @Override
    public void close() throws Exception {
      client.close();
    }
  }
}
