package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import com.linecorp.armeria.server.websocket.WebSocketService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * Collects a request's whole body under the {@link RequestBodyBudget} before the service sees it: each chunk is
 * charged as it arrives (Armeria's route limit, {@code maxRequestLength}, bounds one request), and the bytes are
 * held until the answer is sent. Without it, every connection to the query port could hold a body of up to the
 * route's limit (10 MiB by default) while it trickles in or waits for a query thread, and a few hundred such
 * connections exhaust the heap. A request the budget refuses is answered by the refusal function and never reaches
 * the service. Receivers (under a budget of their own, with their own limits) and WebSocket sessions (frames, not
 * a body) pass through. Thread-safe.
 */
final class CollectedBodies extends SimpleDecoratingHttpService {
  private final RequestBodyBudget budget;
  private final BiFunction<ServiceRequestContext, BodyBudgetExhaustedException, HttpResponse>
      refusal;
  private final boolean passThrough;

  CollectedBodies(
      HttpService delegate,
      RequestBodyBudget budget,
      BiFunction<ServiceRequestContext, BodyBudgetExhaustedException, HttpResponse> refusal) {
    super(delegate);
    this.budget = budget;
    this.refusal = refusal;
    this.passThrough =
        delegate.as(ReceiverService.class) != null || delegate.as(WebSocketService.class) != null;
  }

  /**
   * A WebSocket session's request (an HTTP/1.1 upgrade, which Armeria presents as HTTP/2's extended CONNECT, or
   * that CONNECT itself): its "body" is the session's frames, which never end.
   */
  private static boolean isWebSocket(RequestHeaders headers) {
    return headers.method() == HttpMethod.CONNECT
        || headers.contains(HttpHeaderNames.PROTOCOL)
        || headers.contains(HttpHeaderNames.UPGRADE);
  }

  /** Streaming, so that chunks are charged as they arrive instead of after Armeria collected the body. */
  @Override
  public ExchangeType exchangeType(RoutingContext routingContext) {
    ExchangeType type = super.exchangeType(routingContext);
    return passThrough ? type : RequestBodyBudget.requestStreaming(type);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
    HttpService service = (HttpService) unwrap();
    RequestBodyBudget.Lease lease =
        passThrough || isWebSocket(req.headers()) ? null : budget.openLease(ctx);
    if (lease == null) {
      return service.serve(ctx, req);
    }
    // In the request's context, as the service would have been called without this decorator.
    CompletableFuture<HttpResponse> answer =
        ctx.makeContextAware(
                new CheckedBodyRequest(req, data -> lease.charge(data.length())).aggregate())
            .handle(
                (body, failure) -> {
                  if (failure == null) {
                    HttpRequest collected = body.toHttpRequest();
                    ctx.updateRequest(collected);
                    try {
                      return service.serve(ctx, collected);
                    } catch (Exception e) {
                      return HttpResponse.ofFailure(e);
                    }
                  }
                  Throwable cause =
                      failure instanceof CompletionException && failure.getCause() != null
                          ? failure.getCause()
                          : failure;
                  return cause instanceof BodyBudgetExhaustedException exhausted
                      ? refusal.apply(ctx, exhausted)
                      : HttpResponse.ofFailure(cause);
                });
    return HttpResponse.of(answer);
  }
}
