package io.tracemate.query.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.Cancellation;
import io.tracemate.logs.ScanStats;
import io.tracemate.query.BadParameterException;
import io.tracemate.query.RequestCancellation;
import io.tracemate.query.RunningQueries;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a handler into an Armeria service with the plumbing every Loki endpoint shares: request parsing
 * ({@link LokiRequest}), execution on the blocking task executor (stores block), error mapping
 * ({@link LokiErrors}), the per-tenant query count and the scan-cost headers; and the request's
 * {@link Cancellation} ({@link LokiRequest#cancellation()}, deadline = the query time-out, cancelled when the
 * client goes), with the work counted in {@link RunningQueries} until the handler returns. Thread-safe.
 */
final class LokiEndpoints {
  private static final Logger log = LoggerFactory.getLogger(LokiEndpoints.class);

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
  private final Duration timeout;

  /**
   * @param running counts the requests being worked on, under {@link RunningQueries#LOKI}
   * @param timeout the query time-out: each request's cancellation passes its deadline this long after arrival
   */
  LokiEndpoints(QueryCostRecorder costs, RunningQueries running, Duration timeout) {
    this.costs = costs;
    this.running = running;
    this.timeout = timeout;
  }

  RunningQueries running() {
    return running;
  }

  /** @param endpoint the {@code endpoint} label of {@code tracemate_log_queries_total} */
  HttpService blocking(String endpoint, Handler handler) {
    return (ctx, req) -> {
      countQuery(ctx, req.headers(), endpoint);
      Cancellation cancellation = RequestCancellation.of(ctx, timeout);
      return HttpResponse.of(req.aggregate().thenApplyAsync(aggregated -> {
        try (RunningQueries.Running ignored = running.start(RunningQueries.LOKI)) {
          cancellation.check();
          return handler.handle(LokiRequest.of(aggregated, ctx.queryParams()).withCancellation(cancellation), ctx);
        } catch (RuntimeException e) {
          return error(ctx, e);
        }
      }, ctx.blockingTaskExecutor()));
    };
  }

  /** Counts the request under its tenant and final status once the response is complete. */
  void countQuery(ServiceRequestContext ctx, RequestHeaders headers, String endpoint) {
    String tenant = tenantForCounting(headers);
    ctx.log().whenComplete().thenAccept(
        log -> costs.recordQuery(tenant, endpoint, log.responseHeaders().status().code()));
  }

  /** Adds what the store read to the tenant's cost (for work outside an HTTP response, such as a tail). */
  void recordScan(String tenant, ScanStats scan) {
    costs.recordScan(tenant, scan.bytes(), scan.lines());
  }

  /** Adds what the store read to the tenant's cost and to the response headers. */
  void recordScan(ServiceRequestContext ctx, String tenant, ScanStats scan) {
    recordScan(tenant, scan);
    ctx.setAdditionalResponseHeader(BYTES_SCANNED_HEADER, Long.toString(scan.bytes()));
    ctx.setAdditionalResponseHeader(LINES_SCANNED_HEADER, Long.toString(scan.lines()));
  }

  static HttpResponse error(ServiceRequestContext ctx, Throwable failure) {
    LokiErrors.Mapped mapped = LokiErrors.map(failure);
    if (mapped.status().isServerError() && mapped.status() != HttpStatus.GATEWAY_TIMEOUT) {
      log.warn("{} failed", ctx.path(), LokiErrors.unwrap(failure));
    }
    return LokiErrors.response(mapped);
  }

  private static String tenantForCounting(RequestHeaders headers) {
    try {
      return LokiRequest.tenant(headers.get(LokiRequest.TENANT_HEADER));
    } catch (BadParameterException e) {
      return "invalid";
    }
  }
}
