package io.tracemate.http.jaeger;

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
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Jaeger's api_v3 HTTP gateway under {@code /api/v3/}: proto3 JSON answers, traces as OTLP/JSON wrapped in
 * {@code {"result": ...}}, errors as {@code {"error": {"httpCode", "message"}}} ({@link JaegerErrors#V3}); a
 * search or lookup that finds nothing is a 404 "No traces found". Store calls run on Armeria's blocking executor.
 * Thread-safe.
 */
final class JaegerV3Api {
  static final String NO_TRACES_FOUND = "No traces found";

  private final TraceReader traces;
  private final DependencyReader dependencies;
  private final QueryLimits limits;
  private final BlockingEndpoints endpoints;

  JaegerV3Api(
      TraceReader traces,
      DependencyReader dependencies,
      QueryLimits limits,
      RunningQueries running) {
    this.traces = traces;
    this.dependencies = dependencies;
    this.limits = limits;
    this.endpoints = BlockingEndpoints.of(JaegerErrors.V3).counted(running, RunningQueries.JAEGER);
  }

  void addTo(ServerBuilder server) {
    server.route().get("/api/v3/services").build(endpoints.service(this::services));
    server.route().get("/api/v3/operations").build(endpoints.service(this::operations));
    server.route().get("/api/v3/traces").build(endpoints.service(this::findTraces));
    server.route().get("/api/v3/traces/{trace_id}").build(endpoints.service(this::trace));
    server.route().get("/api/v3/dependencies").build(endpoints.service(this::dependencies));
    new JaegerV3SearchApi(traces, limits, endpoints).addTo(server);
  }

  private HttpResponse services(ServiceRequestContext ctx) {
    List<String> names = traces.serviceNames(RequestTenants.scope(ctx));
    return JsonBody.response(
        HttpStatus.OK,
        pretty(ctx),
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("services");
          for (String name : names) {
            out.writeString(name);
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  /**
   * Unspecified kinds are reported as "internal", as Jaeger's gateway does, so two entries can become one.
   */
  private HttpResponse operations(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String service = Parameters.required(params, "service");
    SpanKind kind = V3Params.parseSpanKind(params);
    Set<List<String>> operations = new LinkedHashSet<>();
    for (Operation operation : traces.operations(RequestTenants.scope(ctx), service, kind)) {
      SpanKind shown =
          operation.spanKind() == SpanKind.UNSPECIFIED ? SpanKind.INTERNAL : operation.spanKind();
      operations.add(List.of(operation.name(), shown.jaegerName()));
    }
    return JsonBody.response(
        HttpStatus.OK,
        pretty(ctx),
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("operations");
          for (List<String> operation : operations) {
            out.writeStartObject();
            out.writeStringField("name", operation.get(0));
            out.writeStringField("spanKind", operation.get(1));
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private HttpResponse findTraces(ServiceRequestContext ctx) {
    TraceQuery query = V3Params.parseFindTraces(ctx.queryParams(), limits);
    TenantScope scope = RequestTenants.scope(ctx);
    return result(
        ctx,
        TenantTraces.shown(
            scope, traces.findTraces(scope, query, RequestCancellation.current(ctx))));
  }

  private HttpResponse trace(ServiceRequestContext ctx) {
    TraceId id = V3Params.parseTraceId(ctx.pathParam("trace_id"), "trace_id");
    V3Params.checkGetTraceParams(ctx.queryParams());
    TenantScope scope = RequestTenants.scope(ctx);
    List<TenantTrace> found =
        id.isValid() ? traces.trace(scope, id, RequestCancellation.current(ctx)) : List.of();
    return result(ctx, TenantTraces.shown(scope, found));
  }

  private HttpResponse dependencies(ServiceRequestContext ctx) {
    V3Params.TimeRange range = V3Params.parseDependencies(ctx.queryParams());
    List<DependencyLink> links =
        JaegerV1Api.summed(
            dependencies.dependencies(RequestTenants.scope(ctx), range.start(), range.end()), null);
    return JsonBody.response(
        HttpStatus.OK,
        pretty(ctx),
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("dependencies");
          for (DependencyLink link : links) {
            out.writeStartObject();
            out.writeStringField("parent", link.parent());
            out.writeStringField("child", link.child());
            // uint64 in the proto, so proto3 JSON prints it as a string.
            out.writeStringField("callCount", Long.toUnsignedString(link.callCount()));
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  static HttpResponse result(ServiceRequestContext ctx, List<Trace> found) {
    if (found.isEmpty()) {
      return JaegerErrors.V3.respond(HttpStatus.NOT_FOUND, NO_TRACES_FOUND, false);
    }
    String tracesData = OtlpTraceResult.tracesDataJson(found);
    boolean pretty = pretty(ctx);
    return JsonBody.response(
        HttpStatus.OK,
        pretty,
        out -> {
          out.writeStartObject();
          out.writeFieldName("result");
          if (pretty) {
            out.writeTree(JsonBody.readTree(tracesData));
          } else {
            out.writeRawValue(tracesData);
          }
          out.writeEndObject();
        });
  }

  private static boolean pretty(ServiceRequestContext ctx) {
    return JsonBody.prettyPrint(ctx.queryParams());
  }
}
