package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.http.support.JsonBody;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.LogReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Loki endpoints Grafana's Logs Drilldown and Explore use to find their way around logs before querying them:
 * volume by label ({@link VolumeApi}), patterns ({@link PatternsApi}), detected fields and their values
 * ({@link DetectedFieldsApi}), detected labels ({@link DetectedLabelsApi}), and the limits Drilldown adapts to.
 * Each takes GET and POST (form body), as Loki's do. Thread-safe.
 */
final class DiscoveryEndpoints {
  static final String VOLUME = "/loki/api/v1/index/volume";
  static final String VOLUME_RANGE = "/loki/api/v1/index/volume_range";
  static final String PATTERNS = "/loki/api/v1/patterns";
  static final String DETECTED_FIELDS = "/loki/api/v1/detected_fields";
  static final String DETECTED_FIELD_VALUES = "/loki/api/v1/detected_field/{name}/values";
  static final String DETECTED_LABELS = "/loki/api/v1/detected_labels";
  static final String DRILLDOWN_LIMITS = "/loki/api/v1/drilldown-limits";

  static final List<String> ROUTES =
      List.of(
          VOLUME,
          VOLUME_RANGE,
          PATTERNS,
          DETECTED_FIELDS,
          DETECTED_FIELD_VALUES,
          DETECTED_LABELS,
          DRILLDOWN_LIMITS);

  private final LokiEndpoints endpoints;
  private final TenantQueryLimits limits;
  private final VolumeApi volume;
  private final PatternsApi patterns;
  private final DetectedFieldsApi detectedFields;
  private final DetectedLabelsApi detectedLabels;

  DiscoveryEndpoints(
      LogReader reader, TenantQueryLimits limits, Clock clock, LokiEndpoints endpoints) {
    this.endpoints = endpoints;
    this.limits = limits;
    this.volume = new VolumeApi(reader, limits, clock);
    this.patterns = new PatternsApi(reader, limits, clock, endpoints);
    this.detectedFields = new DetectedFieldsApi(reader, limits, clock, endpoints);
    this.detectedLabels = new DetectedLabelsApi(reader, limits, clock);
  }

  void addTo(ServerBuilder server, Duration requestTimeout) {
    bind(server, VOLUME, endpoints.blocking("volume", volume::volume), requestTimeout);
    bind(
        server,
        VOLUME_RANGE,
        endpoints.blocking("volume_range", volume::volumeRange),
        requestTimeout);
    bind(server, PATTERNS, endpoints.blocking("patterns", patterns::patterns), requestTimeout);
    bind(
        server,
        DETECTED_FIELDS,
        endpoints.blocking("detected_fields", detectedFields::detectedFields),
        requestTimeout);
    bind(
        server,
        DETECTED_FIELD_VALUES,
        endpoints.blocking("detected_field_values", detectedFields::detectedFieldValues),
        requestTimeout);
    bind(
        server,
        DETECTED_LABELS,
        endpoints.blocking("detected_labels", detectedLabels::detectedLabels),
        requestTimeout);
    server
        .route()
        .get(DRILLDOWN_LIMITS)
        .build(
            (ctx, req) -> {
              EngineLimits limits;
              try {
                limits = this.limits.forScope(LokiRequest.tenants(ctx, req.headers()));
              } catch (RuntimeException e) {
                return LokiEndpoints.error(ctx, e);
              }
              return drilldownLimits(limits);
            });
  }

  private static void bind(
      ServerBuilder server, String path, HttpService service, Duration requestTimeout) {
    server.route().get(path).post(path).requestTimeout(requestTimeout).build(service);
  }

  /**
   * Loki's {@code /drilldown-limits} with the limits Tracemate enforces for the request's tenants under Loki's names (Drilldown caps its line
   * limit by {@code max_entries_limit_per_query}), and {@code pattern_ingester_enabled} since patterns are served.
   */
  private static HttpResponse drilldownLimits(EngineLimits limits) {
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeObjectFieldStart("limits");
          out.writeBooleanField("discover_log_levels", false);
          out.writeNumberField("max_entries_limit_per_query", limits.maxEntries());
          out.writeStringField("max_query_bytes_read", limits.maxBytesScanned() + "B");
          out.writeStringField(
              "max_query_length",
              limits.maxRange().equals(EngineLimits.UNLIMITED_RANGE)
                  ? "0s"
                  : PrometheusDuration.format(limits.maxRange()));
          out.writeNumberField("max_query_series", limits.maxSeries());
          out.writeBooleanField("metric_aggregation_enabled", false);
          out.writeBooleanField("pattern_persistence_enabled", false);
          out.writeStringField("query_timeout", PrometheusDuration.format(limits.timeout()));
          out.writeBooleanField("volume_enabled", true);
          out.writeNumberField("volume_max_series", limits.maxSeries());
          out.writeEndObject();
          out.writeBooleanField("pattern_ingester_enabled", true);
          out.writeStringField("version", LokiQueryApi.LOKI_VERSION);
          out.writeEndObject();
        });
  }
}
