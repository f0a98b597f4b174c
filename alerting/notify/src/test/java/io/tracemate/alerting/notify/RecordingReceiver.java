package io.tracemate.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers as told (a webhook, a chat robot, a
 * failing one).
 */
public final class RecordingReceiver implements AutoCloseable {
  /** One request as received. */
  public record Received(String path, String query, String authorization, String body) {
    public JsonNode json() {
      try {
        return NotifyJson.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private final Server server;
  private final Queue<Received> received = new ConcurrentLinkedQueue<>();
  private volatile Function<Received, HttpResponse> answer;

  public RecordingReceiver(Function<Received, HttpResponse> answer) {
    this.answer = answer;
    this.server =
        Server.builder()
            .http(new java.net.InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeoutMillis(0, 0)
            .serviceUnder(
                "/",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                (AggregatedHttpRequest r) -> {
                                  Received one =
                                      new Received(
                                          ctx.path(),
                                          ctx.query(),
                                          r.headers().get("authorization"),
                                          r.contentUtf8());
                                  received.add(one);
                                  return this.answer.apply(one);
                                })))
            .build();
    server.start().join();
  }

  /** Answers 200 with an empty body. */
  public static RecordingReceiver ok() {
    return new RecordingReceiver(r -> HttpResponse.of(HttpStatus.OK));
  }

  /** Answers 200 with {@code json} (a robot's answer). */
  public static RecordingReceiver answering(String json) {
    return new RecordingReceiver(r -> HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, json));
  }

  public void answer(Function<Received, HttpResponse> answer) {
    this.answer = answer;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.activeLocalPort() + path;
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
