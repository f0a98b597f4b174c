package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Jaeger's v1 HTTP JSON API under {@code /api/}: every answer is the {@link Envelope}; bad parameters are
 * 400, an unknown trace 404, a store failure 500 ({@link JaegerErrors#V1}). Store calls run on Armeria's blocking
 * executor. Thread-safe.
 */
final class JaegerV1Api {
  static final String TRACE_NOT_FOUND = "trace not found";

  private final TraceReader traces;
  private final DependencyReader dependencies;
  private final Clock clock;
  private final QueryLimits limits;
  private final BlockingEndpoints endpoints;

  JaegerV1Api(
      TraceReader traces,
      DependencyReader dependencies,
      Clock clock,
      QueryLimits limits,
      RunningQueries running) {
    this.traces = traces;
    this.dependencies = dependencies;
    this.clock = clock;
    this.limits = limits;
    this.endpoints = BlockingEndpoints.of(JaegerErrors.V1).counted(running, RunningQueries.JAEGER);
  }

  void addTo(ServerBuilder server) {
    server.route().get("/api/services").build(endpoints.service(this::services));
    server
        .route()
        .get("/api/services/{service}/operations")
        .build(endpoints.service(this::serviceOperations));
    server.route().get("/api/operations").build(endpoints.service(this::operations));
    server.route().get("/api/traces").build(endpoints.service(this::search));
    server.route().get("/api/traces/{traceID}").build(endpoints.service(this::trace));
    server.route().get("/api/dependencies").build(endpoints.service(this::dependencies));
  }

  private HttpResponse services(ServiceRequestContext ctx) {
    List<String> names = traces.serviceNames(RequestTenants.scope(ctx));
    return Envelope.ok(pretty(ctx), JsonBody.stringArray(names), names.size(), List.of());
  }

  /** Legacy form used by Grafana: unique operation names of every kind. */
  private HttpResponse serviceOperations(ServiceRequestContext ctx) {
    String service = ctx.pathParam("service");
    List<String> names =
        new ArrayList<>(
            new LinkedHashSet<>(
                traces.operations(RequestTenants.scope(ctx), service, null).stream()
                    .map(Operation::name)
                    .toList()));
    return Envelope.ok(pretty(ctx), JsonBody.stringArray(names), names.size(), List.of());
  }

  private HttpResponse operations(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String service = Parameters.required(params, "service");
    SpanKind kind = JaegerParams.parseSpanKind(params.get("spanKind"), "spanKind");
    List<Operation> operations = traces.operations(RequestTenants.scope(ctx), service, kind);
    return Envelope.ok(
        pretty(ctx),
        out -> {
          out.writeStartArray();
          for (Operation operation : operations) {
            out.writeStartObject();
            out.writeStringField("name", operation.name());
            out.writeStringField("spanKind", operation.spanKind().jaegerName());
            out.writeEndObject();
          }
          out.writeEndArray();
        },
        operations.size(),
        List.of());
  }

  private HttpResponse search(ServiceRequestContext ctx) {
    JaegerParams.TraceSearch search =
        JaegerParams.parseSearch(ctx.queryParams(), clock.instant(), limits);
    TenantScope scope = RequestTenants.scope(ctx);
    List<TenantTrace> found;
    List<Envelope.Error> errors = new ArrayList<>();
    if (search.byTraceIds()) {
      found = new ArrayList<>();
      for (TraceId id : search.traceIds()) {
        List<TenantTrace> trace =
            id.isValid() ? traces.trace(scope, id, RequestCancellation.current(ctx)) : List.of();
        if (!trace.isEmpty()) {
          found.addAll(trace);
        } else {
          errors.add(new Envelope.Error(0, TRACE_NOT_FOUND, JaegerTraceJson.traceIdHex(id)));
        }
      }
    } else {
      found = traces.findTraces(scope, search.query(), RequestCancellation.current(ctx));
    }
    List<Trace> shown = TenantTraces.shown(scope, found);
    return Envelope.ok(pretty(ctx), out -> writeTraces(out, shown), 0, errors);
  }

  private HttpResponse trace(ServiceRequestContext ctx) {
    TraceId id = JaegerParams.parseTraceId(ctx.pathParam("traceID"), "traceID");
    JaegerParams.checkTimeHints(ctx.queryParams());
    TenantScope scope = RequestTenants.scope(ctx);
    List<TenantTrace> found =
        id.isValid() ? traces.trace(scope, id, RequestCancellation.current(ctx)) : List.of();
    if (found.isEmpty()) {
      return JaegerErrors.V1.respond(HttpStatus.NOT_FOUND, TRACE_NOT_FOUND, pretty(ctx));
    }
    // One trace per tenant of the scope that holds the ID: several only in a cross-tenant read.
    List<Trace> shown = TenantTraces.shown(scope, found);
    return Envelope.ok(pretty(ctx), out -> writeTraces(out, shown), 0, List.of());
  }

  private HttpResponse dependencies(ServiceRequestContext ctx) {
    JaegerParams.DependencyWindow window =
        JaegerParams.parseDependencies(ctx.queryParams(), clock.instant(), limits);
    List<DependencyLink> links =
        summed(
            dependencies.dependencies(RequestTenants.scope(ctx), window.start(), window.end()),
            window.service());
    return Envelope.ok(
        pretty(ctx),
        out -> {
          out.writeStartArray();
          for (DependencyLink link : links) {
            out.writeStartObject();
            out.writeStringField("parent", link.parent());
            out.writeStringField("child", link.child());
            out.writeNumberField("callCount", link.callCount());
            out.writeEndObject();
          }
          out.writeEndArray();
        },
        0,
        List.of());
  }

  /** One link per (parent, child), counts summed, optionally only links touching {@code service}. */
  static List<DependencyLink> summed(List<DependencyLink> links, String service) {
    Map<List<String>, DependencyLink> byPair = new LinkedHashMap<>();
    for (DependencyLink link : links) {
      if (service != null && !service.equals(link.parent()) && !service.equals(link.child())) {
        continue;
      }
      byPair.merge(
          List.of(link.parent(), link.child()),
          link,
          (a, b) ->
              new DependencyLink(
                  a.parent(),
                  a.child(),
                  a.callCount() + b.callCount(),
                  a.errorCount() + b.errorCount()));
    }
    return List.copyOf(byPair.values());
  }

  private static void writeTraces(JsonGenerator out, List<Trace> found) throws IOException {
    out.writeStartArray();
    for (Trace trace : found) {
      JaegerTraceJson.write(out, trace);
    }
    out.writeEndArray();
  }

  private static boolean pretty(ServiceRequestContext ctx) {
    return JsonBody.prettyPrint(ctx.queryParams());
  }
}
