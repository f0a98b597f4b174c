package io.tracemate.http.support;

import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import io.tracemate.common.Cancellation;
import java.time.Duration;

/**
 * The {@link Cancellation} of one HTTP request: it passes its deadline after the query's time-out, and it is
 * cancelled as soon as the request is (Armeria's request time-out, the client closing the connection or resetting
 * the stream) or its response has ended, so the store, the engine and every regex below stop with the request
 * instead of running on for a client that has gone. One per request, kept in the request context. Stateless.
 */
public final class RequestCancellation {
  private static final AttributeKey<Cancellation> KEY =
      AttributeKey.valueOf(RequestCancellation.class, "cancellation");

  private RequestCancellation() {}

  /** The request's cancellation: the one {@link #of} made, or else a new one that stops with the request. */
  public static Cancellation current(ServiceRequestContext ctx) {
    Cancellation existing = ctx.attr(KEY);
    return existing != null ? existing : of(ctx, null);
  }

  /**
   * @param timeout the query's own time-out (whose answer is clearer than Armeria's generic one), or null to stop
   *     only when the request does
   */
  public static Cancellation of(ServiceRequestContext ctx, Duration timeout) {
    Cancellation cancellation =
        timeout == null ? Cancellation.none() : Cancellation.withTimeout(timeout);
    ctx.whenRequestCancelling().thenRun(cancellation::cancel);
    // A response aborted for any other reason (connection closed while writing) ends the request's
    // log.
    ctx.log().whenComplete().thenRun(cancellation::cancel);
    ctx.setAttr(KEY, cancellation);
    return cancellation;
  }
}
