package io.tracemate.http.red;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.ApiErrors;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.ErrorShape;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.TimeWindow;
import io.tracemate.model.SpanKind;
import io.tracemate.red.RedPoint;
import io.tracemate.red.RedSummary;
import io.tracemate.servicegraph.HealthThresholds;
import io.tracemate.spanmetrics.RedFilter;
import io.tracemate.spanmetrics.RedQuery;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * RED (rate, errors, duration) from span metrics, computed on 100 % of spans before sampling:
 * <ul>
 *   <li>{@code GET /api/red/services} — every service's RED (its SERVER and CONSUMER spans) in the window;
 *   <li>{@code GET /api/red/services/{service}} — one service: summary, time series by {@code step}, its
 *       operations each with its health (the topology's rules, per operation: its own SLO, else the service's,
 *       else its own p99 over the baseline lookback before the window), and its instances (pods, processes:
 *       {@code spanmetrics.instances});
 *   <li>{@code GET /api/red/series?service=&operation=&kind=&dim.<attribute>=<value>&groupBy=} — any slice as
 *       a time series, or grouped by a label ({@code span_name}, {@code service} or a configured dimension).
 * </ul>
 * Window parameters as {@link TimeWindow}.
 *
 * <p>Every read is the request's tenants' ({@link RequestTenants}): a tenant's RED comes from its own spans only.
 * The list of services of a read of several tenants ({@code X-Scope-OrgID: a|b}) has each tenant's services side by
 * side, each saying its {@code tenant} (never summed across tenants, as Loki keeps tenants' streams apart); a
 * service's page and a series read one tenant, named with the parameter {@code tenant} when the request reads
 * several. A read of one tenant answers as before tenants. Thread-safe.
 */
public final class RedApi {
  private static final String DIMENSION_PREFIX = "dim.";
  private static final BlockingEndpoints ENDPOINTS =
      BlockingEndpoints.of(ApiErrors.of(ErrorShape.TRACEMATE));

  private final Function<TenantId, RedQuery> reds;
  private final HealthThresholds health;
  private final Clock clock;

  /**
   * With the service graph's health rules ({@code service_graph.health}) for the operations' health.
   *
   * @param reds each tenant's RED (empty for a tenant without spans)
   */
  public RedApi(Function<TenantId, RedQuery> reds, HealthThresholds health, Clock clock) {
    this.reds = reds;
    this.health = health;
    this.clock = clock;
  }

  /** With the default health rules (no SLOs: operations are judged against their own past). */
  public RedApi(Function<TenantId, RedQuery> reds, Clock clock) {
    this(reds, HealthThresholds.defaults(), clock);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get("/api/red/services").build(ENDPOINTS.service(this::services));
    server.route().get("/api/red/services/{service}").build(ENDPOINTS.service(this::service));
    server.route().get("/api/red/series").build(ENDPOINTS.service(this::series));
    return server;
  }

  private HttpResponse services(ServiceRequestContext ctx) {
    TimeWindow window = TimeWindow.parse(ctx.queryParams(), clock.instant());
    TenantScope scope = RequestTenants.scope(ctx);
    boolean severalTenants = !scope.isSingle();
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeNumberField("start", window.start().toEpochMilli());
          out.writeNumberField("end", window.end().toEpochMilli());
          out.writeArrayFieldStart("services");
          boolean overflowed = false;
          for (TenantId tenant : scope.tenants()) {
            RedQuery red = reds.apply(tenant);
            for (String service : red.services()) {
              out.writeStartObject();
              out.writeStringField("service", service);
              if (severalTenants) {
                out.writeStringField("tenant", tenant.value());
              }
              RedJson.write(out, "red", red.service(service, window.start(), window.end()));
              out.writeEndObject();
            }
            overflowed |= red.overflowed();
          }
          out.writeEndArray();
          out.writeBooleanField("overflowed", overflowed);
          out.writeEndObject();
        });
  }

  private HttpResponse service(ServiceRequestContext ctx) {
    String service = ctx.pathParam("service");
    TimeWindow window = TimeWindow.parse(ctx.queryParams(), clock.instant());
    RedQuery red = reds.apply(RequestTenants.one(ctx));
    RedSummary summary = red.service(service, window.start(), window.end());
    List<RedPoint> points =
        red.series(RedFilter.entryPoints(service), window.start(), window.end(), window.step());
    Map<String, RedSummary> operations = red.operations(service, window.start(), window.end());
    // Each operation's learned normal: its own figures over the baseline lookback before the
    // window.
    Map<String, RedSummary> baselines =
        red.operations(
            service, window.start().minus(health.latencyBaseline().lookback()), window.start());
    Map<String, RedSummary> instances = red.instances(service, window.start(), window.end());
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("service", service);
          out.writeNumberField("start", window.start().toEpochMilli());
          out.writeNumberField("end", window.end().toEpochMilli());
          out.writeNumberField("step", window.step().toMillis());
          RedJson.write(out, "summary", summary);
          RedJson.writeSeries(out, "series", points);
          out.writeArrayFieldStart("operations");
          for (Map.Entry<String, RedSummary> operation : operations.entrySet()) {
            out.writeStartObject();
            out.writeStringField("name", operation.getKey());
            RedJson.write(out, "red", operation.getValue());
            HealthJson.write(
                out,
                health.evaluateOperation(
                    service,
                    operation.getKey(),
                    operation.getValue(),
                    baselines.get(operation.getKey())));
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeArrayFieldStart("instances");
          for (Map.Entry<String, RedSummary> instance : instances.entrySet()) {
            out.writeStartObject();
            out.writeStringField("name", instance.getKey());
            RedJson.write(out, "red", instance.getValue());
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private HttpResponse series(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    TimeWindow window = TimeWindow.parse(params, clock.instant());
    RedFilter filter = filter(params);
    String groupBy = params.get("groupBy");
    RedQuery red = reds.apply(RequestTenants.one(ctx));
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeNumberField("start", window.start().toEpochMilli());
          out.writeNumberField("end", window.end().toEpochMilli());
          out.writeNumberField("step", window.step().toMillis());
          RedJson.write(out, "summary", red.summary(filter, window.start(), window.end()));
          if (groupBy != null && !groupBy.isBlank()) {
            out.writeArrayFieldStart("groups");
            for (Map.Entry<String, RedSummary> group :
                red.groupBy(filter, groupBy, window.start(), window.end()).entrySet()) {
              out.writeStartObject();
              out.writeStringField("value", group.getKey());
              RedJson.write(out, "red", group.getValue());
              out.writeEndObject();
            }
            out.writeEndArray();
          } else {
            RedJson.writeSeries(
                out, "series", red.series(filter, window.start(), window.end(), window.step()));
          }
          out.writeEndObject();
        });
  }

  private static RedFilter filter(QueryParams params) {
    RedFilter filter = RedFilter.all();
    String service = params.get("service");
    if (service != null && !service.isBlank()) {
      filter = new RedFilter(service, null, Set.of(), Map.of());
    }
    String operation = params.get("operation");
    if (operation != null && !operation.isBlank()) {
      filter = filter.withSpanName(operation);
    }
    List<String> kinds = params.getAll("kind");
    if (!kinds.isEmpty()) {
      Set<SpanKind> parsed = EnumSet.noneOf(SpanKind.class);
      for (String kind : kinds) {
        parsed.add(spanKind(kind));
      }
      filter = filter.withKinds(parsed);
    }
    for (String name : params.names()) {
      if (name.startsWith(DIMENSION_PREFIX) && name.length() > DIMENSION_PREFIX.length()) {
        filter = filter.withDimension(name.substring(DIMENSION_PREFIX.length()), params.get(name));
      }
    }
    return filter;
  }

  private static SpanKind spanKind(String text) {
    String normalized = text.trim().toUpperCase(Locale.ROOT).replace("SPAN_KIND_", "");
    try {
      return SpanKind.valueOf(normalized);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "parameter 'kind' must be one of server, client, producer, consumer, internal;"
              + " got '"
              + text
              + "'");
    }
  }
}
