package io.tracemate.receivers.exchange;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.SimpleDecoratingHttpService;
import io.netty.util.AttributeKey;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One budget of request-body bytes held in memory by every receiver together, and by the query port's requests
 * ({@link #newCollectingDecorator}): all ports, connections, HTTP/2 streams and signals. Without it, each request is bounded (the receivers' {@code max-request-bytes}) but their
 * number is not, so many slow uploads exhaust the heap.
 *
 * <p>A request's bytes are charged as they arrive (never from {@code Content-Length}, which any client can
 * declare), plus what inflating its body produces, and held until its answer is sent (or the client goes away).
 * A request that finds no room is refused as retryable ({@link BodyBudgetExhaustedException}: HTTP 503 with
 * {@code Retry-After}, gRPC UNAVAILABLE with {@code RetryInfo}). A request that is alone is never refused, so a
 * body within the per-request limit always gets through eventually, even when the budget is smaller than one
 * such body (its compressed and inflated bytes together).
 *
 * <p>Wire it as an Armeria decorator around every receiver: {@code sb.decorator(budget.newDecorator())} on a
 * receiver port, or {@code sb.service(service, budget.newDecorator())} for one binding. The decorator counts each
 * chunk as it arrives, which needs a streaming request: the receivers' services all are (the gRPC one makes
 * itself streaming, since Armeria would otherwise collect a unary call's body before any decorator sees it), and
 * a service bound with the decorator is made streaming by it. Receivers charge what they inflate through
 * {@link #leaseOf}: HTTP bodies before each buffer is allocated ({@link BodyInflation}), gRPC messages as Armeria's
 * deframer inflates them for protobuf ({@link BudgetedGzip}). Thread-safe.
 */
public final class RequestBodyBudget {
  private static final AttributeKey<Lease> LEASE =
      AttributeKey.valueOf(RequestBodyBudget.class, "LEASE");

  /** The lease of a request served without a budget: charges nothing, refuses nothing. */
  private static final Lease UNBUDGETED = new Lease(null);

  private final long maxBytes;
  private final Duration retryAfter;
  private final AtomicLong inUse = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  /**
   * @param maxBytes request-body bytes all requests may hold together
   * @param retryAfter the delay suggested to refused clients
   */
  public RequestBodyBudget(long maxBytes, Duration retryAfter) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
    }
    if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
    }
    this.maxBytes = maxBytes;
    this.retryAfter = retryAfter;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Bytes held right now by requests in flight. */
  public long bytesInUse() {
    return inUse.get();
  }

  /** Requests refused so far because the budget was full. */
  public long refusals() {
    return refusals.get();
  }

  /**
   * Exports {@code tracemate_receiver_inflight_request_bytes} (held now),
   * {@code tracemate_receiver_inflight_request_limit_bytes} and
   * {@code tracemate_receiver_inflight_request_refusals_total} into {@code registry}. Call once.
   */
  public RequestBodyBudget registerMetrics(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("tracemate_receiver_inflight_request_bytes")
        .help(
            "Request-body bytes (received and inflated) held by requests not yet answered, all receivers.")
        .callback(cb -> cb.call(inUse.get()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_receiver_inflight_request_limit_bytes")
        .help(
            "Most request-body bytes all requests may hold together (receivers.max-inflight-request-bytes).")
        .callback(cb -> cb.call(maxBytes))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_receiver_inflight_request_refusals")
        .help("Requests refused as retryable because the request-body budget was full.")
        .callback(cb -> cb.call(refusals.get()))
        .register(registry);
    return this;
  }

  /** A decorator for receiver services (or a whole receiver port) that puts their requests under this budget. */
  public Function<? super HttpService, ? extends HttpService> newDecorator() {
    return Budgeted::new;
  }

  /**
   * The lease of the request {@code ctx} serves, for charging inflated bytes; one that charges nothing when the
   * service is not behind a budget decorator.
   */
  public static Lease leaseOf(RequestContext ctx) {
    Lease lease = ctx == null ? null : ctx.attr(LEASE);
    return lease == null ? UNBUDGETED : lease;
  }

  /**
   * A decorator for services that read a whole body before they work (the query APIs: LogQL form POSTs, search
   * bodies): the body is collected under this budget before the service runs, and a request that finds no room
   * never reaches it but gets {@code refusal}'s answer. Requests of receivers (already under a budget of their own)
   * and WebSocket sessions pass through untouched.
   *
   * @param refusal the answer to a request refused for the budget (a 503 with {@code Retry-After} in the API's
   *     error shape)
   */
  public Function<? super HttpService, ? extends HttpService> newCollectingDecorator(
      BiFunction<ServiceRequestContext, BodyBudgetExhaustedException, HttpResponse> refusal) {
    return service -> new CollectedBodies(service, this, refusal);
  }

  /** A new request's lease; the caller must {@link Lease#release()} it when the exchange is over. */
  Lease newLease() {
    return new Lease(this);
  }

  /**
   * Opens the lease of the request {@code ctx} serves, released when its exchange is over; null when the request
   * already has one (an outer decorator put it under a budget).
   */
  Lease openLease(ServiceRequestContext ctx) {
    if (ctx.hasOwnAttr(LEASE)) {
      return null;
    }
    Lease lease = newLease();
    ctx.setAttr(LEASE, lease);
    ctx.log().whenComplete().thenRun(lease::release);
    return lease;
  }

  /** Takes {@code bytes} unless that passes the limit while some other request holds bytes too. */
  private boolean tryTake(long bytes, long alreadyHeld) {
    while (true) {
      long current = inUse.get();
      if (current + bytes > maxBytes && current != alreadyHeld) {
        return false;
      }
      if (inUse.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  private BodyBudgetExhaustedException exhausted() {
    return new BodyBudgetExhaustedException(
        "the server holds as many request bytes as it allows ("
            + maxBytes
            + " bytes across all requests in flight); retry later",
        retryAfter);
  }

  /**
   * What one request holds. Charged from the event loop as chunks arrive and from decoding threads as bodies
   * inflate; released once when the exchange completes. Thread-safe.
   */
  public static final class Lease {
    private final RequestBodyBudget budget;
    private long held;
    private boolean refused;
    private boolean released;

    private Lease(RequestBodyBudget budget) {
      this.budget = budget;
    }

    /**
     * Charges {@code bytes} the request is about to hold.
     *
     * @throws BodyBudgetExhaustedException when the budget has no room (the request must be refused)
     * @throws CancellationException when the exchange is already over (nobody waits for the work any more)
     */
    public synchronized void charge(long bytes) {
      if (budget == null || bytes <= 0) {
        return;
      }
      if (released) {
        throw new CancellationException("the request is over; its body is no longer needed");
      }
      if (!budget.tryTake(bytes, held)) {
        if (!refused) {
          refused = true;
          budget.refusals.incrementAndGet();
        }
        throw budget.exhausted();
      }
      held += bytes;
    }

    /** Bytes this request holds. */
    public synchronized long held() {
      return held;
    }

    synchronized void release() {
      if (budget == null || released) {
        return;
      }
      released = true;
      budget.inUse.addAndGet(-held);
      held = 0;
    }
  }

  /** Opens a lease per request, charges every body chunk to it, and releases it when the exchange is over. */
  private final class Budgeted extends SimpleDecoratingHttpService {
    Budgeted(HttpService delegate) {
      super(delegate);
    }

    /**
     * Streaming, so that chunks are counted as they arrive instead of after Armeria collected the body. (Only
     * for a per-service binding: a server-wide decorator does not decide the exchange type.)
     */
    @Override
    public ExchangeType exchangeType(RoutingContext routingContext) {
      return requestStreaming(super.exchangeType(routingContext));
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws Exception {
      Lease lease = openLease(ctx);
      if (lease == null) {
        return ((HttpService) unwrap()).serve(ctx, req); // already under a budget decorator
      }
      HttpRequest counted = new CheckedBodyRequest(req, data -> lease.charge(data.length()));
      ctx.updateRequest(counted);
      return ((HttpService) unwrap()).serve(ctx, counted);
    }
  }

  /** The same exchange with a streaming request. */
  static ExchangeType requestStreaming(ExchangeType type) {
    return switch (type) {
      case UNARY -> ExchangeType.REQUEST_STREAMING;
      case RESPONSE_STREAMING -> ExchangeType.BIDI_STREAMING;
      default -> type;
    };
  }
}
