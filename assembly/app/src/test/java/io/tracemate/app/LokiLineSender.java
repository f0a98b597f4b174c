package io.tracemate.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.NopStatusListener;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.loki4j.client.http.HttpConfig;
import com.github.loki4j.client.http.Loki4jHttpClient;
import com.github.loki4j.client.http.LokiResponse;
import com.github.loki4j.logback.HttpSender;
import com.github.loki4j.logback.JavaHttpSender;
import com.github.loki4j.logback.Loki4jAppender;
import com.github.loki4j.logback.PipelineConfigAppenderBase.BatchCfg;
import com.github.loki4j.logback.PipelineConfigAppenderBase.HttpCfg;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.function.Function;

/**
 * Lines logged through logback to loki4j's appender, which batches them (every 100 ms) and pushes them to a Loki
 * push endpoint in Loki's JSON format, as an application that ships its logs straight to Loki does. loki4j tells
 * its application nothing of how a push went, so its own HTTP sender is wrapped: the lines of every push Loki
 * acknowledged (2xx) are read back from the very bytes loki4j sent and added to {@code acknowledged}. Thread-safe.
 */
final class LokiLineSender implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = new LoggerContext();
  private final Loki4jAppender appender = new Loki4jAppender();
  private final Logger logger;
  private boolean closed;

  /**
   * @param pushUrl e.g. {@code http://127.0.0.1:16686/loki/api/v1/push}
   * @param app the {@code app} stream label (loki4j adds {@code level})
   * @param acknowledged where the lines of acknowledged pushes go
   */
  LokiLineSender(String pushUrl, String app, Set<String> acknowledged) {
    context.setName("loki-" + app);
    // a logging event copies the MDC, which a context configured in code has none of by default
    context.setMDCAdapter(new LogbackMDCAdapter());
    // loki4j reports failed pushes to logback's status listeners, which would print each one
    context.getStatusManager().add(new NopStatusListener());

    HttpCfg http = new HttpCfg();
    http.setUrl(pushUrl);
    http.setUseProtobufApi(false);
    http.setSender(new RecordingSender(acknowledged));
    http.setRequestTimeoutMs(10_000);
    BatchCfg batch = new BatchCfg();
    batch.setTimeoutMs(100);
    batch.setDrainOnStop(true);

    PatternLayout message = new PatternLayout();
    message.setPattern("%msg");
    message.setContext(context);

    appender.setContext(context);
    appender.setName("loki");
    appender.setHttp(http);
    appender.setBatch(batch);
    appender.setLabels("app=" + app + "\nlevel=%level");
    appender.setMessage(message);
    appender.start();
    logger = context.getLogger("io.tracemate.scaleout");
    logger.addAppender(appender);
  }

  /** Logs one line at INFO; loki4j pushes it with the next batch. */
  void log(String line) {
    logger.info(line);
  }

  /** Stops the appender, which first pushes what it holds; once. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      appender.stop();
      context.stop();
    }
  }

  /** loki4j's default sender (java.net.http), remembering the lines of each push Loki acknowledged. */
  private static final class RecordingSender implements HttpSender {
    private final JavaHttpSender delegate = new JavaHttpSender();
    private final Set<String> acknowledged;

    RecordingSender(Set<String> acknowledged) {
      this.acknowledged = acknowledged;
    }

    @Override
    public HttpConfig.Builder getConfig() {
      return delegate.getConfig();
    }

    @Override
    public Function<HttpConfig, Loki4jHttpClient> getHttpClientFactory() {
      Function<HttpConfig, Loki4jHttpClient> factory = delegate.getHttpClientFactory();
      return config -> new RecordingClient(factory.apply(config), acknowledged);
    }
  }

  @SuppressWarnings("try") // close() declares Exception because Loki4jHttpClient does
  private record RecordingClient(Loki4jHttpClient client, Set<String> acknowledged)
      implements Loki4jHttpClient {
    @Override
    public HttpConfig getConfig() {
      return client.getConfig();
    }

    @Override
    public LokiResponse send(ByteBuffer batch) throws Exception {
      ByteBuffer copy = batch.duplicate();
      byte[] body = new byte[copy.remaining()];
      copy.get(body);
      LokiResponse response = client.send(batch);
      if (response.status >= 200 && response.status < 300) {
        for (JsonNode stream : JSON.readTree(body).path("streams")) {
          for (JsonNode value : stream.path("values")) {
            acknowledged.add(value.path(1).asText());
          }
        }
      }
      return response;
    }

    @Override
    public void close() throws Exception {
      client.close();
    }
  }
}
