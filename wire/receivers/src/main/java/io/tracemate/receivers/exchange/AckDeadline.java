package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.time.Duration;

/**
 * How long a request may still wait for its batch to become durable. Armeria ends a request that outlives its
 * timeout (10 s unless a gRPC client's deadline says otherwise) with a bare 503 or DEADLINE_EXCEEDED, which tells a
 * client neither why nor when to retry; answering a little before that moment with our own UNAVAILABLE and a retry
 * delay keeps the one status mapping for a store that is slow to fsync. The margin is a tenth of the timeout, between
 * 100 ms and 1 s, so short client deadlines still get our answer first.
 */
final class AckDeadline {
  /** When the request has no timeout at all (disabled in Armeria), a slow store still gets an answer. */
  static final Duration WITHOUT_TIMEOUT = Duration.ofSeconds(30);

  private static final long MIN_MARGIN_NANOS = Duration.ofMillis(100).toNanos();
  private static final long MAX_MARGIN_NANOS = Duration.ofSeconds(1).toNanos();
  private static final long MIN_WAIT_NANOS = Duration.ofMillis(10).toNanos();

  private AckDeadline() {}

  /** The wait left for {@code ctx}'s request (at least 10 ms); 30 s when there is no context or no timeout. */
  static Duration remaining(ServiceRequestContext ctx) {
    if (ctx == null || ctx.requestTimeoutMillis() <= 0) {
      return WITHOUT_TIMEOUT;
    }
    long timeoutNanos = Duration.ofMillis(ctx.requestTimeoutMillis()).toNanos();
    long margin = Math.clamp(timeoutNanos / 10, MIN_MARGIN_NANOS, MAX_MARGIN_NANOS);
    long elapsed =
        ctx.log().isAvailable(RequestLogProperty.REQUEST_START_TIME)
            ? System.nanoTime() - ctx.log().partial().requestStartTimeNanos()
            : 0;
    return Duration.ofNanos(Math.max(MIN_WAIT_NANOS, timeoutNanos - margin - elapsed));
  }
}
