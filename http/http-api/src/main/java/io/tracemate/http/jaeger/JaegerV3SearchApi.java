package io.tracemate.http.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.TraceSummary;
import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The api_v3 searches beyond {@code GET /api/v3/traces}: {@code FindTraceSummaries} ({@code GET} and
 * {@code POST /api/v3/trace-summaries}, what the Jaeger UI's search page calls since 2.19) and the {@code POST}
 * binding of {@code FindTraces}. A {@code POST} body is the request message in proto3 JSON ({@link V3SearchBody}),
 * at most {@value #MAX_BODY_BYTES} bytes.
 *
 * <p>Summaries come from {@link TraceReader#findTraceSummaries}: the same search as a trace search of the same
 * depth, bounded by the same {@link QueryLimits} and stopped by the same cancellation, after which the embedded
 * store reads only its index's values and one record per trace (the root's name), not every span. Its answer is
 * {@code {"summaries": [...]}} printed as Jaeger's gateway prints proto3 JSON: 64-bit times as decimal strings,
 * fields holding their default value (0, "", empty list) left out, and {@code {}} when nothing matched (a summary
 * search that finds nothing is not an error, unlike {@code FindTraces}). Every route reads the request's tenants
 * ({@link RequestTenants}) as {@code GET /api/v3/traces} does; an answer covering several tenants says whose each
 * trace is, in the trace (as {@link TenantTraces} shows it) or in the summary. Thread-safe.
 */
final class JaegerV3SearchApi {
  static final String TRACE_SUMMARIES = "/api/v3/trace-summaries";
  static final String TRACES = "/api/v3/traces";

  /** A search request is a handful of fields; anything larger is not one. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private final TraceReader traces;
  private final QueryLimits limits;
  private final BlockingEndpoints endpoints;

  /** @param endpoints api_v3's: its error shape, counted as Jaeger queries */
  JaegerV3SearchApi(TraceReader traces, QueryLimits limits, BlockingEndpoints endpoints) {
    this.traces = traces;
    this.limits = limits;
    this.endpoints = endpoints;
  }

  void addTo(ServerBuilder server) {
    server
        .route()
        .get(TRACE_SUMMARIES)
        .build(endpoints.service(ctx -> summaries(ctx, ctx.queryParams())));
    server
        .route()
        .post(TRACE_SUMMARIES)
        .maxRequestLength(MAX_BODY_BYTES)
        .build(withBody(this::summaries));
    server.route().post(TRACES).maxRequestLength(MAX_BODY_BYTES).build(withBody(this::findTraces));
  }

  private HttpResponse findTraces(ServiceRequestContext ctx, QueryParams params) {
    TenantScope scope = RequestTenants.scope(ctx);
    return JaegerV3Api.result(
        ctx,
        TenantTraces.shown(
            scope,
            traces.findTraces(
                scope,
                V3Params.parseFindTraces(params, limits),
                RequestCancellation.current(ctx))));
  }

  private HttpResponse summaries(ServiceRequestContext ctx, QueryParams params) {
    TraceQuery query = V3Params.parseFindTraces(params, limits);
    TenantScope scope = RequestTenants.scope(ctx);
    List<TraceSummary> summaries =
        traces.findTraceSummaries(scope, query, RequestCancellation.current(ctx));
    return JsonBody.response(
        HttpStatus.OK,
        JsonBody.prettyPrint(ctx.queryParams()),
        out -> writeSummaries(out, summaries, !scope.isSingle()));
  }

  /**
   * {@code FindTraceSummariesResponse} in proto3 JSON, fields in proto order, default values left out.
   *
   * @param showTenant whether each summary says whose trace it is, in a field {@value TenantTraces#TENANT} after
   *     Jaeger's (an answer covering several tenants, where one trace ID may be two tenants' traces); Jaeger's
   *     message has no field for it, and its clients ignore fields they do not know
   */
  static void writeSummaries(JsonGenerator out, List<TraceSummary> summaries, boolean showTenant)
      throws IOException {
    out.writeStartObject();
    if (!summaries.isEmpty()) {
      out.writeArrayFieldStart("summaries");
      for (TraceSummary summary : summaries) {
        out.writeStartObject();
        out.writeStringField("traceId", summary.traceId().toHex());
        writeString(out, "rootServiceName", summary.rootServiceName());
        writeString(out, "rootOperationName", summary.rootOperationName());
        // fixed64: proto3 JSON prints 64-bit integers as decimal strings (JavaScript numbers lose
        // precision).
        writeFixed64(out, "minStartTimeUnixNano", summary.minStartNanos());
        writeFixed64(out, "maxEndTimeUnixNano", summary.maxEndNanos());
        writeInt(out, "spanCount", summary.spanCount());
        writeInt(out, "errorSpanCount", summary.errorSpanCount());
        writeInt(out, "orphanSpanCount", summary.orphanSpanCount());
        if (!summary.services().isEmpty()) {
          out.writeArrayFieldStart("services");
          for (TraceSummary.ServiceSummary service : summary.services()) {
            out.writeStartObject();
            out.writeStringField("name", service.name());
            writeInt(out, "spanCount", service.spanCount());
            writeInt(out, "errorSpanCount", service.errorSpanCount());
            out.writeEndObject();
          }
          out.writeEndArray();
        }
        if (showTenant) {
          out.writeStringField(TenantTraces.TENANT, summary.tenant().value());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeEndObject();
  }

  private static void writeString(JsonGenerator out, String name, String value) throws IOException {
    if (!value.isEmpty()) {
      out.writeStringField(name, value);
    }
  }

  private static void writeFixed64(JsonGenerator out, String name, long value) throws IOException {
    if (value != 0) {
      out.writeStringField(name, Long.toUnsignedString(value));
    }
  }

  private static void writeInt(JsonGenerator out, String name, int value) throws IOException {
    if (value != 0) {
      out.writeNumberField(name, value);
    }
  }

  /** Reads the body (bounded by the route's maximum length) as the GET binding's parameters. */
  private HttpService withBody(
      BiFunction<ServiceRequestContext, QueryParams, HttpResponse> handler) {
    return endpoints.serviceWithBody(
        (ctx, body) -> handler.apply(ctx, V3SearchBody.toQueryParams(body.contentUtf8())));
  }
}
