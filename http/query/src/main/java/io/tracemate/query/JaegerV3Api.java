package io.tracemate.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.common.CancelledException;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.Operation;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's api_v3 HTTP gateway under {@code /api/v3/}: proto3 JSON answers, traces as OTLP/JSON wrapped in
 * {@code {"result": ...}}, errors as {@code {"error": {"httpCode", "message"}}}; a search or lookup that
 * finds nothing is a 404 "No traces found". Store calls run on Armeria's blocking executor. Thread-safe.
 */
final class JaegerV3Api {
  private static final Logger log = LoggerFactory.getLogger(JaegerV3Api.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NO_TRACES_FOUND = "No traces found";

  private final TraceReader traces;
  private final DependencyReader dependencies;
  private final QueryLimits limits;
  private final RunningQueries running;

  JaegerV3Api(TraceReader traces, DependencyReader dependencies, QueryLimits limits, RunningQueries running) {
    this.traces = traces;
    this.dependencies = dependencies;
    this.limits = limits;
    this.running = running;
  }

  void addTo(ServerBuilder server) {
    server.route().get("/api/v3/services").build(blocking(running, this::services));
    server.route().get("/api/v3/operations").build(blocking(running, this::operations));
    server.route().get("/api/v3/traces").build(blocking(running, this::findTraces));
    server.route().get("/api/v3/traces/{trace_id}").build(blocking(running, this::trace));
    server.route().get("/api/v3/dependencies").build(blocking(running, this::dependencies));
    new JaegerV3SearchApi(traces, limits, running).addTo(server);
  }

  private HttpResponse services(ServiceRequestContext ctx) {
    List<String> names = traces.serviceNames();
    return JsonBody.response(HttpStatus.OK, pretty(ctx), out -> {
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
    String service = params.get("service");
    if (service == null || service.isEmpty()) {
      throw new BadParameterException("parameter 'service' is required");
    }
    SpanKind kind = V3Params.parseSpanKind(params);
    Set<List<String>> operations = new LinkedHashSet<>();
    for (Operation operation : traces.operations(service, kind)) {
      SpanKind shown = operation.spanKind() == SpanKind.UNSPECIFIED ? SpanKind.INTERNAL : operation.spanKind();
      operations.add(List.of(operation.name(), shown.jaegerName()));
    }
    return JsonBody.response(HttpStatus.OK, pretty(ctx), out -> {
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
    return result(ctx, traces.findTraces(query, RequestCancellation.current(ctx)));
  }

  private HttpResponse trace(ServiceRequestContext ctx) {
    TraceId id = V3Params.parseTraceId(ctx.pathParam("trace_id"), "trace_id");
    V3Params.checkGetTraceParams(ctx.queryParams());
    Optional<Trace> trace = id.isValid() ? traces.trace(id, RequestCancellation.current(ctx)) : Optional.empty();
    return result(ctx, trace.map(List::of).orElse(List.of()));
  }

  private HttpResponse dependencies(ServiceRequestContext ctx) {
    V3Params.TimeRange range = V3Params.parseDependencies(ctx.queryParams());
    List<DependencyLink> links = JaegerV1Api.summed(dependencies.dependencies(range.start(), range.end()), null);
    return JsonBody.response(HttpStatus.OK, pretty(ctx), out -> {
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
      return error(HttpStatus.NOT_FOUND, NO_TRACES_FOUND);
    }
    String tracesData = OtlpTraceResult.tracesDataJson(found);
    boolean pretty = pretty(ctx);
    return JsonBody.response(HttpStatus.OK, pretty, out -> {
      out.writeStartObject();
      out.writeFieldName("result");
      if (pretty) {
        out.writeTree(JSON.readTree(tracesData));
      } else {
        out.writeRawValue(tracesData);
      }
      out.writeEndObject();
    });
  }

  static HttpResponse error(HttpStatus status, String message) {
    return JsonBody.response(status, false, out -> writeError(out, status, message));
  }

  private static void writeError(JsonGenerator out, HttpStatus status, String message) throws IOException {
    out.writeStartObject();
    out.writeObjectFieldStart("error");
    out.writeNumberField("httpCode", status.code());
    out.writeStringField("message", message);
    out.writeEndObject();
    out.writeEndObject();
  }

  private static boolean pretty(ServiceRequestContext ctx) {
    return JaegerParams.prettyPrint(ctx.queryParams());
  }

  static HttpService blocking(RunningQueries running, Function<ServiceRequestContext, HttpResponse> handler) {
    return (ctx, req) -> {
      RequestCancellation.current(ctx); // bound now, so a client leaving before the task starts is seen
      return HttpResponse.of(() -> guarded(ctx, running, () -> handler.apply(ctx)), ctx.blockingTaskExecutor());
    };
  }

  /** Runs a handler as a running query, stopped with its request, and turns its failures into gateway errors. */
  static HttpResponse guarded(ServiceRequestContext ctx, RunningQueries running, Supplier<HttpResponse> handler) {
    try (RunningQueries.Running ignored = running.start(RunningQueries.JAEGER)) {
      RequestCancellation.current(ctx).check();
      return handler.get();
    } catch (CancelledException e) {
      // Armeria has answered 503 already, or the client is gone: nobody reads this
      return error(HttpStatus.SERVICE_UNAVAILABLE, "the request was cancelled or timed out");
    } catch (BadParameterException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (StorageException e) {
      log.warn("{} failed in the store", ctx.path(), e);
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "storage error: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} failed", ctx.path(), e);
      return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e);
    }
  }
}
