package io.tracemate.server;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.http.support.RequestTenants;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /metrics}: the registry in the format the scraper asks for (Prometheus text 0.0.4 by default,
 * OpenMetrics when the Accept header prefers it), always with a concrete Content-Type.
 *
 * <p>The registry holds the server's own metrics; the series that describe tenants' spans (span metrics, the
 * service graph) are not in it but read for the request's tenant scope ({@link TenantMetrics}), so that with
 * multitenancy on a scrape shows only the series, and exemplars, of tenants the caller may read.
 */
final class MetricsService implements HttpService {
  private final PrometheusRegistry registry;
  private final List<TenantMetrics> tenantMetrics;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /** @param tenantMetrics the per-tenant series, read for each scrape's scope */
  MetricsService(PrometheusRegistry registry, List<TenantMetrics> tenantMetrics) {
    this.registry = registry;
    this.tenantMetrics = List.copyOf(tenantMetrics);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(req.headers().get(HttpHeaderNames.ACCEPT));
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    registry.scrape().forEach(all::metricSnapshot);
    if (!tenantMetrics.isEmpty()) {
      TenantScope scope = RequestTenants.scope(ctx);
      for (TenantMetrics metrics : tenantMetrics) {
        metrics.collect(scope).forEach(all::metricSnapshot);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, all.build());
    return HttpResponse.of(
        HttpStatus.OK, MediaType.parse(writer.getContentType()), out.toByteArray());
  }
}
