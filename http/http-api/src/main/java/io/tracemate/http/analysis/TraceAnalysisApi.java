package io.tracemate.http.analysis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.analysis.CriticalPathSegment;
import io.tracemate.analysis.ServiceSummary;
import io.tracemate.analysis.ServiceTimeline;
import io.tracemate.analysis.SpanNode;
import io.tracemate.analysis.TagCount;
import io.tracemate.analysis.TimeRange;
import io.tracemate.analysis.TraceAnalysis;
import io.tracemate.analysis.TraceAnalyzer;
import io.tracemate.analysis.TraceOverview;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.http.jaeger.Envelope;
import io.tracemate.http.jaeger.JaegerErrors;
import io.tracemate.http.jaeger.JaegerParams;
import io.tracemate.http.jaeger.JaegerTraceJson;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.BlockingEndpoints;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.RequestCancellation;
import io.tracemate.http.support.RequestTenants;
import io.tracemate.http.support.RunningQueries;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceReader;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tracemate's own trace analysis endpoint, {@code GET /api/analysis/traces/{traceID}}: the critical path,
 * span self times, the per-service summary, the tag cloud and the mini timeline the trace view needs, in
 * the v1 envelope. Times are microseconds, as in Jaeger's trace JSON, so the UI can join the two by span.
 * Thread-safe; the analysis runs on the blocking task executor.
 */
public final class TraceAnalysisApi {
  public static final String ROUTE = "/api/analysis/traces/{traceID}";

  private final TraceReader traces;
  private final BlockingEndpoints endpoints;

  public TraceAnalysisApi(TraceReader traces) {
    this(traces, new RunningQueries());
  }

  /** @param running counts analyses being worked on ({@code tracemate_queries_running{api="analysis"}}) */
  public TraceAnalysisApi(TraceReader traces, RunningQueries running) {
    this.traces = traces;
    this.endpoints =
        BlockingEndpoints.of(JaegerErrors.V1).counted(running, RunningQueries.ANALYSIS);
  }

  public ServerBuilder addTo(ServerBuilder server) {
    server.route().get(ROUTE).build(endpoints.service(this::analysis));
    return server;
  }

  private HttpResponse analysis(ServiceRequestContext ctx) {
    TraceId id = JaegerParams.parseTraceId(ctx.pathParam("traceID"), "traceID");
    boolean pretty = JsonBody.prettyPrint(ctx.queryParams());
    Cancellation cancellation = RequestCancellation.current(ctx);
    TenantScope scope = RequestTenants.scope(ctx);
    List<TenantTrace> found = id.isValid() ? traces.trace(scope, id, cancellation) : List.of();
    if (found.isEmpty()) {
      return JaegerErrors.V1.respond(HttpStatus.NOT_FOUND, "trace not found", pretty);
    }
    if (found.size() > 1) {
      // One ID sent for several tenants is several traces; an analysis is of one of them.
      throw new BadRequestException(
          "trace "
              + JaegerTraceJson.traceIdHex(id)
              + " exists in tenants "
              + found.stream().map(t -> t.tenant().value()).collect(Collectors.joining(", "))
              + ": send X-Scope-OrgID with the one to analyse");
    }
    cancellation.check();
    // Pure functions over spans already in memory; the load above is where a huge trace costs time.
    TraceAnalysis analysis = TraceAnalyzer.analyze(found.getFirst().trace());
    return Envelope.ok(pretty, out -> write(out, analysis), 0, List.of());
  }

  private static long micros(long nanos) {
    return Math.floorDiv(nanos, 1000);
  }

  static void write(JsonGenerator out, TraceAnalysis analysis) throws IOException {
    out.writeStartObject();
    writeOverview(out, analysis.overview());
    out.writeArrayFieldStart("spans");
    for (SpanNode node : analysis.nodes()) {
      Span span = node.span();
      out.writeStartObject();
      out.writeNumberField("index", node.index());
      out.writeStringField("spanID", span.spanId().toHex());
      out.writeNumberField("parent", node.parent());
      out.writeStringField("service", span.serviceName());
      out.writeStringField("operationName", span.name());
      out.writeNumberField("startTime", micros(span.startEpochNanos()));
      out.writeNumberField("duration", micros(span.durationNanos()));
      out.writeNumberField("depth", node.depth());
      out.writeNumberField("selfTime", micros(node.selfNanos()));
      out.writeNumberField("criticalPathTime", micros(node.criticalPathNanos()));
      out.writeBooleanField("error", span.status().isError());
      out.writeBooleanField("orphan", node.orphan());
      out.writeBooleanField("sharedSpanID", node.sharedSpanId());
      out.writeArrayFieldStart("children");
      for (int child : node.children()) {
        out.writeNumber(child);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("criticalPath");
    for (CriticalPathSegment segment : analysis.criticalPath()) {
      out.writeStartObject();
      out.writeNumberField("index", segment.node());
      out.writeStringField("spanID", segment.spanId().toHex());
      out.writeNumberField("startTime", micros(segment.startEpochNanos()));
      out.writeNumberField("endTime", micros(segment.endEpochNanos()));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeArrayFieldStart("services");
    for (ServiceSummary service : analysis.services()) {
      out.writeStartObject();
      out.writeStringField("service", service.service());
      out.writeNumberField("calls", service.calls());
      out.writeNumberField("errors", service.errors());
      out.writeNumberField("totalTime", micros(service.totalNanos()));
      out.writeNumberField("selfTime", micros(service.selfNanos()));
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeObjectFieldStart("tags");
    writeTags(out, "spanTags", analysis.tags().spanTags());
    writeTags(out, "resourceTags", analysis.tags().resourceTags());
    writeTags(out, "httpStatuses", analysis.tags().httpStatuses());
    writeTags(out, "errors", analysis.tags().errors());
    out.writeEndObject();
    out.writeArrayFieldStart("timeline");
    for (ServiceTimeline timeline : analysis.timeline()) {
      out.writeStartObject();
      out.writeStringField("service", timeline.service());
      out.writeNumberField("activeTime", micros(timeline.activeNanos()));
      out.writeArrayFieldStart("ranges");
      for (TimeRange range : timeline.ranges()) {
        out.writeStartArray();
        out.writeNumber(micros(range.startEpochNanos()));
        out.writeNumber(micros(range.endEpochNanos()));
        out.writeEndArray();
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeOverview(JsonGenerator out, TraceOverview overview) throws IOException {
    out.writeObjectFieldStart("overview");
    out.writeStringField("traceID", overview.traceId().toJaegerHex());
    out.writeNumberField("startTime", micros(overview.startEpochNanos()));
    out.writeNumberField("duration", micros(overview.durationNanos()));
    out.writeNumberField("spanCount", overview.spanCount());
    out.writeNumberField("serviceCount", overview.serviceCount());
    out.writeNumberField("errorCount", overview.errorCount());
    out.writeNumberField("depth", overview.depth());
    out.writeNumberField("rootCount", overview.rootCount());
    out.writeNumberField("orphanCount", overview.orphanCount());
    out.writeEndObject();
  }

  private static void writeTags(JsonGenerator out, String field, List<TagCount> tags)
      throws IOException {
    out.writeArrayFieldStart(field);
    for (TagCount tag : tags) {
      out.writeStartObject();
      out.writeStringField("key", tag.key());
      out.writeStringField("value", tag.value());
      out.writeNumberField("count", tag.count());
      out.writeEndObject();
    }
    out.writeEndArray();
  }
}
