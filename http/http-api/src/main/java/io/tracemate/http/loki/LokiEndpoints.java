package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.logs.ScanStats;
import java.time.Duration;
import java.util.function.Function;

/**
 * Turns a handler into an Armeria service with the plumbing every Loki endpoint shares: request parsing
 * ({@link LokiRequest}), the per-tenant query count and the scan-cost headers, over what every endpoint of every
 * API shares ({@link BlockingEndpoints}): execution on the blocking task executor (stores block), error mapping
 * ({@link LokiErrors}), and the request's {@link Cancellation} ({@link LokiRequest#cancellation()}, deadline = the
 * query time-out, cancelled when the client goes), with the work counted in {@link RunningQueries} until the
 * handler returns. Thread-safe.
 */
final class LokiEndpoints {

  /** UTF-8 bytes of log lines the store read for this request. */
  static final String BYTES_SCANNED_HEADER = "X-Tracemate-Bytes-Scanned";

  /** Log lines the store read for this request. */
  static final String LINES_SCANNED_HEADER = "X-Tracemate-Lines-Scanned";

  /** Answers one request; may throw anything {@link LokiErrors} maps. */
  @FunctionalInterface
  interface Handler {
    HttpResponse handle(LokiRequest request, ServiceRequestContext ctx);
  }

  private final QueryCostRecorder costs;
  private final RunningQueries running;
  private final BlockingEndpoints endpoints;

  /**
   * @param running counts the requests being worked on, under {@link RunningQueries#LOKI}
   * @param timeout the query time-out: each request's cancellation passes its deadline this long after arrival
   */
  LokiEndpoints(QueryCostRecorder costs, RunningQueries running, Duration timeout) {
    this.costs = costs;
    this.running = running;
    this.endpoints =
        BlockingEndpoints.of(LokiErrors.API)
            .counted(running, RunningQueries.LOKI)
            .withTimeout(timeout);
  }

  /**
   * @param running counts the requests being worked on, under {@link RunningQueries#LOKI}
   * @param timeout the query time-out of a request's tenants (query_timeout, per tenant): its cancellation passes
   *     its deadline this long after arrival, and a time-out longer than the route's lengthens the request's
   *     Armeria time-out to it plus {@code margin}, so the query's own clear answer still wins
   */
  LokiEndpoints(
      QueryCostRecorder costs,
      RunningQueries running,
      Function<TenantScope, Duration> timeout,
      Duration margin) {
    this.costs = costs;
    this.running = running;
    this.endpoints =
        BlockingEndpoints.of(LokiErrors.API)
            .counted(running, RunningQueries.LOKI)
            .withTimeout(ctx -> requestTimeout(ctx, timeout, margin));
  }

  private static Duration requestTimeout(
      ServiceRequestContext ctx, Function<TenantScope, Duration> timeout, Duration margin) {
    TenantScope scope;
    try {
      scope = LokiRequest.tenants(ctx, ctx.request().headers());
    } catch (BadRequestException e) {
      scope = TenantScope.DEFAULT; // the handler answers the bad tenant
    }
    Duration tenants = timeout.apply(scope);
    Duration wanted = tenants.plus(margin);
    if (ctx.requestTimeoutMillis() > 0 && wanted.toMillis() > ctx.requestTimeoutMillis()) {
      ctx.setRequestTimeout(TimeoutMode.SET_FROM_START, wanted);
    }
    return tenants;
  }

  RunningQueries running() {
    return running;
  }

  /** @param endpoint the {@code endpoint} label of {@code tracemate_log_queries_total} */
  HttpService blocking(String endpoint, Handler handler) {
    HttpService service =
        endpoints.serviceWithBody(
            (ctx, body) ->
                handler.handle(
                    LokiRequest.of(ctx, body, ctx.queryParams())
                        .withCancellation(RequestCancellation.current(ctx)),
                    ctx));
    return (ctx, req) -> {
      countQuery(ctx, req.headers(), endpoint);
      return service.serve(ctx, req);
    };
  }

  /**
   * Counts the request under its tenants ({@code a|b} for a cross-tenant read, as Loki's per-tenant metrics name
   * a multi-tenant query) and final status once the response is complete.
   */
  void countQuery(ServiceRequestContext ctx, RequestHeaders headers, String endpoint) {
    String tenant = tenantForCounting(ctx, headers);
    ctx.log()
        .whenComplete()
        .thenAccept(
            log -> costs.recordQuery(tenant, endpoint, log.responseHeaders().status().code()));
  }

  /** Adds what the store read to the tenants' cost (for work outside an HTTP response, such as a tail). */
  void recordScan(TenantScope tenants, ScanStats scan) {
    costs.recordScan(tenants.header(), scan.bytes(), scan.lines());
  }

  /** Adds what the store read to the tenants' cost and to the response headers. */
  void recordScan(ServiceRequestContext ctx, TenantScope tenants, ScanStats scan) {
    recordScan(tenants, scan);
    ctx.setAdditionalResponseHeader(BYTES_SCANNED_HEADER, Long.toString(scan.bytes()));
    ctx.setAdditionalResponseHeader(LINES_SCANNED_HEADER, Long.toString(scan.lines()));
  }

  /** Loki's answer to a request that failed before or outside a handler (a tail refused before its upgrade). */
  static HttpResponse error(ServiceRequestContext ctx, Throwable failure) {
    return LokiErrors.API.respond(ctx, failure);
  }

  private static String tenantForCounting(ServiceRequestContext ctx, RequestHeaders headers) {
    try {
      return LokiRequest.tenants(ctx, headers).header();
    } catch (BadRequestException e) {
      return "invalid";
    }
  }
}
