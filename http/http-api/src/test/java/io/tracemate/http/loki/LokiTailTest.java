package io.tracemate.http.loki;

import static io.tracemate.http.loki.LokiTestData.API;
import static io.tracemate.http.loki.LokiTestData.NOW_NANOS;
import static io.tracemate.http.loki.LokiTestData.ORDERS;
import static io.tracemate.http.loki.LokiTestData.USERS;
import static io.tracemate.http.loki.LokiTestData.ns;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Live tail over a real WebSocket: history first, then entries published after the WAL acknowledged them. */
class LokiTailTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final InMemoryLogStore STORE = new InMemoryLogStore();
  static final LogReader READER = STORE.reader();
  static final LogTailHub HUB = new LogTailHub(1, 100);

  @RegisterExtension
  static final ServerExtension SERVER =
      LokiTestData.server(READER, EngineLimits.defaults(), HUB, new QueryCostRecorder());

  @BeforeAll
  static void fill() {
    LokiTestData.fill(STORE);
  }

  static String tailPath(String query) {
    return "/loki/api/v1/tail?query="
        + URLEncoder.encode(query, StandardCharsets.UTF_8)
        + "&start="
        + ns(NOW_NANOS - 3_600_000_000_000L)
        + "&limit=10&delay_for=1";
  }

  /** Collects text frames. */
  static final class TextFrames implements Subscriber<WebSocketFrame> {
    final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(WebSocketFrame frame) {
      if (frame.type() == WebSocketFrameType.TEXT) {
        texts.add(frame.text());
      }
      frame.close();
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}

    String next() throws InterruptedException {
      String text = texts.poll(10, TimeUnit.SECONDS);
      assertThat(text).as("a tail message within 10 s").isNotNull();
      return text;
    }
  }

  /** A live tail of a query over a real WebSocket; closing it closes our side. */
  record Tail(WebSocketWriter outbound, TextFrames frames) implements AutoCloseable {
    static Tail open(String query) {
      WebSocketSession session =
          WebSocketClient.of(SERVER.uri(SessionProtocol.H1C)).connect(tailPath(query)).join();
      TextFrames frames = new TextFrames();
      session.inbound().subscribe(frames);
      return new Tail(session.outbound(), frames);
    }

    @Override
    public void close() {
      outbound.close();
    }
  }

  /** The server ends a tail's subscription once its client has gone (within 5 s). */
  private static void assertSubscriptionsEnd() throws InterruptedException {
    for (int i = 0; i < 100 && HUB.subscribers() > 0; i++) {
      Thread.sleep(50);
    }
    assertThat(HUB.subscribers()).isZero();
  }

  @Test
  void sendsHistoryThenNewLines() throws Exception {
    try (Tail tail = Tail.open("{app=\"api\"} |= \"GET\"")) {
      TextFrames frames = tail.frames();
      assertThat(JSON.readTree(frames.next()))
          .isEqualTo(
              JSON.readTree(
                  """
          {"streams":[
            {"stream":{"app":"api","env":"prod","span_id":"00f067aa0ba902b7","trace_id":"%s"},
             "values":[["%s","GET /users 200"]]},
            {"stream":{"app":"api","env":"prod","span_id":"00f067aa0ba902b8","trace_id":"%s"},
             "values":[["%s","GET /orders 500"]]}],
           "dropped_entries":null}"""
                      .formatted(
                          LokiTestData.TRACE,
                          ns(USERS.timestampNanos()),
                          LokiTestData.TRACE,
                          ns(ORDERS.timestampNanos()))));

      long newTimestamp = NOW_NANOS + 1;
      // the hub takes the subscription only once the history is sent; publish until the tail sees
      // it
      String live = null;
      for (int attempt = 0; attempt < 100 && live == null; attempt++) {
        HUB.publish(
            "fake",
            List.of(
                new LogStream(
                    API,
                    List.of(
                        new LogEntry(newTimestamp, "GET /new 201"),
                        new LogEntry(newTimestamp, "POST /ignored 201")))));
        HUB.publish(
            "other",
            List.of(new LogStream(API, List.of(new LogEntry(newTimestamp, "GET /other")))));
        live = frames.texts.poll(100, TimeUnit.MILLISECONDS);
      }
      assertThat(live).isNotNull();
      assertThat(JSON.readTree(live))
          .isEqualTo(
              JSON.readTree(
                  """
          {"streams":[{"stream":{"app":"api","env":"prod"},"values":[["%s","GET /new 201"]]}],
           "dropped_entries":null}"""
                      .formatted(ns(newTimestamp))));
    }
    assertSubscriptionsEnd();
  }

  @Test
  void badQueriesAreRefusedBeforeTheUpgrade() {
    AggregatedHttpResponse response =
        WebClient.of(SERVER.httpUri()).blocking().get(tailPath("{app=\"api\""));
    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
    assertThat(response.contentUtf8()).startsWith("parse error at line 1, col ");
  }

  @Test
  void oneTailTooManyIsRefusedWithLokisMessage() throws Exception {
    try (Tail tail = Tail.open("{app=\"db\"}")) {
      tail.frames().next(); // history: the tail is registered
      AggregatedHttpResponse second =
          WebClient.of(SERVER.httpUri()).blocking().get(tailPath("{app=\"db\"}"));
      assertThat(second.status().code()).isEqualTo(400);
      assertThat(second.contentUtf8())
          .isEqualTo("max concurrent tail requests limit exceeded, count > limit (2 > 1)\n");
    }
    assertSubscriptionsEnd();
  }
}
