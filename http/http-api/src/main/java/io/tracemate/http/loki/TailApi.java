package io.tracemate.http.loki;

import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketService;
import io.netty.util.AttributeKey;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiError;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.engine.LogQueryRequest;
import io.tracemate.logql.engine.QueryResult;
import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logql.engine.StreamsResult;
import io.tracemate.logql.engine.TailFilter;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /loki/api/v1/tail}: Loki's live tail over a WebSocket.
 *
 * <p>Parameters are checked before the upgrade, so a bad query, a bad parameter or one tail too many is a
 * plain-text 400 as in Loki. After the upgrade the tail registers with the {@link LogTailHub} (paused), sends
 * up to {@code limit} entries the store has since {@code start} (oldest first) as its first message, then
 * lets live entries flow. {@code delay_for} (0 to 5 s) is accepted and needs no waiting: entries reach the hub
 * in write-ahead-log order. The tail ends when the client closes the socket or stops answering pings: its
 * {@link Cancellation} is then cancelled, which stops the history query and any pipeline still running on a batch
 * (the history query also stops at the query time-out). Thread-safe.
 */
final class TailApi {
  private static final Logger log = LoggerFactory.getLogger(TailApi.class);
  private static final AttributeKey<TailRequest> REQUEST =
      AttributeKey.valueOf(TailApi.class, "request");

  /**
   * How often an idle tail pings the client, as Loki does: proxies between Grafana and us close WebSockets
   * that stay silent for a minute, and a vanished client is noticed when a ping cannot be written.
   */
  static final Duration PING_INTERVAL = Duration.ofSeconds(10);

  /** The subprotocol the web UI offers and the tail answers with (clients that offer none get none). */
  public static final String SUBPROTOCOL = "tracemate.v1";

  /** A WebSocket close reason must fit in 123 bytes. */
  private static final int MAX_CLOSE_REASON_BYTES = 120;

  /**
   * A validated tail request.
   *
   * @param cancellation the tail's: cancelled when the tail ends; its filter's regexes read lines through it
   */
  record TailRequest(
      TenantScope tenants,
      String query,
      TailFilter filter,
      int limit,
      long startNanos,
      Cancellation cancellation) {}

  private final LogQLEngine engine;
  private final TenantQueryLimits limits;
  private final LogTailHub hub;
  private final Clock clock;
  private final LokiEndpoints endpoints;

  TailApi(
      LogQLEngine engine,
      TenantQueryLimits limits,
      LogTailHub hub,
      Clock clock,
      LokiEndpoints endpoints) {
    this.engine = engine;
    this.limits = limits;
    this.hub = hub;
    this.clock = clock;
    this.endpoints = endpoints;
  }

  HttpService service() {
    // Loki accepts any Origin; Grafana reaches the tail through its own proxy. (A browser's session
    // cookie is
    // refused from other origins by the server's access decorator.) The web UI offers SUBPROTOCOL,
    // with its
    // credentials in further subprotocol entries that the access decorator takes out; a browser
    // fails a
    // handshake that offered protocols and got none back, so this one is answered.
    WebSocketService webSocket =
        WebSocketService.builder(this::handle)
            .allowedOrigins("*")
            .subprotocols(SUBPROTOCOL)
            .build();
    return webSocket.decorate(
        (delegate, ctx, req) -> {
          endpoints.countQuery(ctx, req.headers(), "tail");
          try {
            ctx.setAttr(REQUEST, validate(LokiRequest.of(ctx, req.headers(), ctx.queryParams())));
          } catch (RuntimeException e) {
            return LokiEndpoints.error(ctx, e);
          }
          return delegate.serve(ctx, req);
        });
  }

  TailRequest validate(LokiRequest request) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    String query = LokiParams.requiredQuery(request.params());
    Cancellation cancellation = Cancellation.none();
    TailFilter filter = engine.compileTail(query, cancellation);
    int limit = LokiParams.limit(request.params());
    if (limits.maxEntries() > 0 && limit > limits.maxEntries()) {
      throw new BadRequestException(
          "max entries limit per query exceeded, limit > max_entries_limit_per_query ("
              + limit
              + " > "
              + limits.maxEntries()
              + ")");
    }
    LokiParams.tailDelaySeconds(request.params());
    long now = Parameters.epochNanos(clock.instant());
    long start =
        LokiParams.timestamp(
            "start", request.params().get("start"), now - LokiParams.DEFAULT_SINCE.toNanos());
    hub.checkCapacity();
    return new TailRequest(request.tenants(), query, filter, limit, start, cancellation);
  }

  private WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
    TailRequest request = ctx.attr(REQUEST);
    WebSocketWriter out = WebSocket.streaming();
    TailSubscription subscription;
    try {
      subscription =
          hub.subscribe(
              request.tenants(),
              request.filter(),
              message -> send(out, message),
              ctx.blockingTaskExecutor());
    } catch (BadRequestException tooMany) {
      request.cancellation().cancel();
      out.close(WebSocketCloseStatus.TRY_AGAIN_LATER, closeReason(tooMany.getMessage()));
      in.abort();
      return out;
    }
    in.subscribe(new Inbound(out, subscription, request.cancellation()));
    ScheduledFuture<?> pings =
        ctx.eventLoop()
            .scheduleAtFixedRate(
                () -> {
                  if (!out.tryWrite(WebSocketFrame.ofPing())) {
                    subscription.close();
                  }
                },
                PING_INTERVAL.toMillis(),
                PING_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    out.whenComplete()
        .handle(
            (ignored, failure) -> {
              pings.cancel(false);
              request.cancellation().cancel();
              subscription.close();
              return null;
            });
    ctx.blockingTaskExecutor().execute(() -> sendHistory(request, subscription, out));
    return out;
  }

  /** Sends what the store has since {@code start}, then lets live entries flow. */
  private void sendHistory(
      TailRequest request, TailSubscription subscription, WebSocketWriter out) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    long now = Parameters.epochNanos(clock.instant());
    // No further back than the engine's max_query_length, so an old start still gets a history.
    long start = Math.max(Math.min(request.startNanos(), now), now - limits.maxRange().toNanos());
    ScanStats scan = new ScanStats();
    try (RunningQueries.Running ignored = endpoints.running().start(RunningQueries.TAIL)) {
      QueryResult result =
          engine.execute(
              new LogQueryRequest(
                  request.tenants(),
                  request.query(),
                  start,
                  now,
                  Math.max(1_000_000_000L, (now - start) / 250),
                  0,
                  Direction.FORWARD,
                  request.limit(),
                  false),
              scan,
              request.cancellation().withChildTimeout(limits.timeout()));
      if (result instanceof StreamsResult streams && !streams.streams().isEmpty()) {
        Map<LabelSet, List<LogEntry>> grouped = new LinkedHashMap<>();
        for (ResultStream stream :
            StreamGrouping.group(streams.streams(), false, Direction.FORWARD)) {
          grouped.put(stream.labels(), stream.entries());
        }
        out.tryWrite(TailJson.message(grouped, List.of()));
      }
      subscription.start();
    } catch (RuntimeException e) {
      if (request.cancellation().isCancelled()) {
        return; // the client is gone
      }
      ApiError mapped = LokiErrors.API.map(e);
      if (mapped.status().isServerError()) {
        log.warn("tail history query failed", e);
      }
      out.close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, closeReason(mapped.message()));
    } finally {
      endpoints.recordScan(request.tenants(), scan);
    }
  }

  private static CompletableFuture<Void> send(WebSocketWriter out, String message) {
    if (!out.tryWrite(message)) {
      return CompletableFuture.failedFuture(new IllegalStateException("tail WebSocket closed"));
    }
    return out.whenConsumed();
  }

  static String closeReason(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_CLOSE_REASON_BYTES) {
      return message;
    }
    String cut = new String(bytes, 0, MAX_CLOSE_REASON_BYTES, StandardCharsets.UTF_8);
    // A multi-byte character cut in half decodes to U+FFFD; drop it.
    return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
  }

  /** Reads what the client sends: answers pings, ends the tail when the client closes or goes away. */
  private static final class Inbound implements Subscriber<WebSocketFrame> {
    private final WebSocketWriter out;
    private final TailSubscription subscription;
    private final Cancellation cancellation;

    Inbound(WebSocketWriter out, TailSubscription subscription, Cancellation cancellation) {
      this.out = out;
      this.subscription = subscription;
      this.cancellation = cancellation;
    }

    @Override
    public void onSubscribe(Subscription s) {
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(WebSocketFrame frame) {
      try {
        if (frame.type() == WebSocketFrameType.PING) {
          out.tryWrite(WebSocketFrame.ofPong(frame.array()));
        } else if (frame.type() == WebSocketFrameType.CLOSE) {
          end();
        }
      } finally {
        frame.close();
      }
    }

    @Override
    public void onError(Throwable t) {
      end();
    }

    @Override
    public void onComplete() {
      end();
    }

    private void end() {
      cancellation.cancel();
      subscription.close();
      if (out.isOpen()) {
        out.close();
      }
    }
  }
}
