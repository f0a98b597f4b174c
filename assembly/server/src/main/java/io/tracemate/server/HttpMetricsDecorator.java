package io.tracemate.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Records request latency per route pattern (not per path, which would explode cardinality with trace IDs)
 * and status class.
 */
final class HttpMetricsDecorator implements DecoratingHttpServiceFunction {
  private final Histogram latency;

  HttpMetricsDecorator(PrometheusRegistry registry) {
    latency =
        Histogram.builder()
            .name("tracemate_http_request_duration_seconds")
            .help("Latency of requests to the query/HTTP port, by route and status class")
            .labelNames("route", "method", "status")
            .register(registry);
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    ctx.log()
        .whenComplete()
        .thenAccept(
            log ->
                latency
                    .labelValues(
                        ctx.config().route().patternString(),
                        req.method().name(),
                        log.responseHeaders()
                            .status()
                            .codeClass()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT))
                    .observe((log.responseEndTimeNanos() - log.requestStartTimeNanos()) / 1e9));
    return delegate.serve(ctx, req);
  }
}
