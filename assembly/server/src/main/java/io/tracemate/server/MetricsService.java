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
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the registry in the format the scraper asks for (Prometheus text 0.0.4 by default,
 * OpenMetrics when the Accept header prefers it), always with a concrete Content-Type.
 */
final class MetricsService implements HttpService {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsService(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(req.headers().get(HttpHeaderNames.ACCEPT));
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    writer.write(out, registry.scrape());
    return HttpResponse.of(
        HttpStatus.OK, MediaType.parse(writer.getContentType()), out.toByteArray());
  }
}
