package io.tracemate.query;

import com.fasterxml.jackson.core.JsonGenerator;
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
import io.tracemate.storage.TraceReader;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's v1 HTTP JSON API under {@code /api/}: every answer is the {@link Envelope}; bad parameters are
 * 400, an unknown trace 404, a store failure 500. Store calls run on Armeria's blocking executor.
 * Thread-safe.
 */
final class JaegerV1Api {
  private static final Logger log = LoggerFactory.getLogger(JaegerV1Api.class);
  static final String TRACE_NOT_FOUND = "trace not found";

  private final TraceReader traces;
  private final DependencyReader dependencies;
  private final Clock clock;
  private final QueryLimits limits;
  private final RunningQueries running;

  JaegerV1Api(TraceReader traces, DependencyReader dependencies, Clock clock, QueryLimits limits,
      RunningQueries running) {
    this.traces = traces;
    this.dependencies = dependencies;
    this.clock = clock;
    this.limits = limits;
    this.running = running;
  }

  void addTo(ServerBuilder server) {
    server.route().get("/api/services").build(counted(this::services));
    server.route().get("/api/services/{service}/operations").build(counted(this::serviceOperations));
    server.route().get("/api/operations").build(counted(this::operations));
    server.route().get("/api/traces").build(counted(this::search));
    server.route().get("/api/traces/{traceID}").build(counted(this::trace));
    server.route().get("/api/dependencies").build(counted(this::dependencies));
  }

  private HttpService counted(Function<ServiceRequestContext, HttpResponse> handler) {
    return blocking(running, RunningQueries.JAEGER, handler);
  }

  private HttpResponse services(ServiceRequestContext ctx) {
    List<String> names = traces.serviceNames();
    return Envelope.ok(pretty(ctx), out -> writeStrings(out, names), names.size(), List.of());
  }

  /** Legacy form used by Grafana: unique operation names of every kind. */
  private HttpResponse serviceOperations(ServiceRequestContext ctx) {
    String service = ctx.pathParam("service");
    List<String> names = new ArrayList<>(new LinkedHashSet<>(
        traces.operations(service, null).stream().map(Operation::name).toList()));
    return Envelope.ok(pretty(ctx), out -> writeStrings(out, names), names.size(), List.of());
  }

  private HttpResponse operations(ServiceRequestContext ctx) {
    QueryParams params = ctx.queryParams();
    String service = params.get("service");
    if (service == null || service.isEmpty()) {
      throw new BadParameterException("parameter 'service' is required");
    }
    SpanKind kind = JaegerParams.parseSpanKind(params.get("spanKind"), "spanKind");
    List<Operation> operations = traces.operations(service, kind);
    return Envelope.ok(pretty(ctx), out -> {
      out.writeStartArray();
      for (Operation operation : operations) {
        out.writeStartObject();
        out.writeStringField("name", operation.name());
        out.writeStringField("spanKind", operation.spanKind().jaegerName());
        out.writeEndObject();
      }
      out.writeEndArray();
    }, operations.size(), List.of());
  }

  private HttpResponse search(ServiceRequestContext ctx) {
    JaegerParams.TraceSearch search =
        JaegerParams.parseSearch(ctx.queryParams(), clock.instant(), limits);
    List<Trace> found;
    List<Envelope.Error> errors = new ArrayList<>();
    if (search.byTraceIds()) {
      found = new ArrayList<>();
      for (TraceId id : search.traceIds()) {
        Optional<Trace> trace = id.isValid() ? traces.trace(id, RequestCancellation.current(ctx)) : Optional.empty();
        if (trace.isPresent()) {
          found.add(trace.get());
        } else {
          errors.add(new Envelope.Error(0, TRACE_NOT_FOUND, JaegerTraceJson.traceIdHex(id)));
        }
      }
    } else {
      found = traces.findTraces(search.query(), RequestCancellation.current(ctx));
    }
    return Envelope.ok(pretty(ctx), out -> writeTraces(out, found), 0, errors);
  }

  private HttpResponse trace(ServiceRequestContext ctx) {
    TraceId id = JaegerParams.parseTraceId(ctx.pathParam("traceID"), "traceID");
    JaegerParams.checkTimeHints(ctx.queryParams());
    Optional<Trace> trace = id.isValid() ? traces.trace(id, RequestCancellation.current(ctx)) : Optional.empty();
    if (trace.isEmpty()) {
      return Envelope.error(HttpStatus.NOT_FOUND, TRACE_NOT_FOUND, pretty(ctx));
    }
    return Envelope.ok(pretty(ctx), out -> writeTraces(out, List.of(trace.get())), 0, List.of());
  }

  private HttpResponse dependencies(ServiceRequestContext ctx) {
    JaegerParams.DependencyWindow window =
        JaegerParams.parseDependencies(ctx.queryParams(), clock.instant(), limits);
    List<DependencyLink> links = summed(dependencies.dependencies(window.start(), window.end()), window.service());
    return Envelope.ok(pretty(ctx), out -> {
      out.writeStartArray();
      for (DependencyLink link : links) {
        out.writeStartObject();
        out.writeStringField("parent", link.parent());
        out.writeStringField("child", link.child());
        out.writeNumberField("callCount", link.callCount());
        out.writeEndObject();
      }
      out.writeEndArray();
    }, 0, List.of());
  }

  /** One link per (parent, child), counts summed, optionally only links touching {@code service}. */
  static List<DependencyLink> summed(List<DependencyLink> links, String service) {
    Map<List<String>, DependencyLink> byPair = new LinkedHashMap<>();
    for (DependencyLink link : links) {
      if (service != null && !service.equals(link.parent()) && !service.equals(link.child())) {
        continue;
      }
      byPair.merge(List.of(link.parent(), link.child()), link, (a, b) -> new DependencyLink(
          a.parent(), a.child(), a.callCount() + b.callCount(), a.errorCount() + b.errorCount()));
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

  private static void writeStrings(JsonGenerator out, List<String> values) throws IOException {
    out.writeStartArray();
    for (String value : values) {
      out.writeString(value);
    }
    out.writeEndArray();
  }

  private static boolean pretty(ServiceRequestContext ctx) {
    return JaegerParams.prettyPrint(ctx.queryParams());
  }

  /**
   * Runs a handler off the event loop, counted in {@code running} under {@code api} until it returns, with the
   * request's {@link RequestCancellation} in place, and turns its failures into v1 error envelopes.
   */
  static HttpService blocking(RunningQueries running, String api,
      Function<ServiceRequestContext, HttpResponse> handler) {
    return (ctx, req) -> {
      RequestCancellation.current(ctx); // bound now, so a client leaving before the task starts is seen
      return HttpResponse.of(() -> {
        try (RunningQueries.Running ignored = running.start(api)) {
          RequestCancellation.current(ctx).check();
          return handler.apply(ctx);
        } catch (CancelledException e) {
          // Armeria has answered 503 already, or the client is gone: nobody reads this
          return Envelope.error(HttpStatus.SERVICE_UNAVAILABLE, "the request was cancelled or timed out", false);
        } catch (BadParameterException e) {
          return Envelope.error(HttpStatus.BAD_REQUEST, e.getMessage(), pretty(ctx));
        } catch (StorageException e) {
          log.warn("{} failed in the store", ctx.path(), e);
          return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "storage error: " + e.getMessage(), false);
        } catch (RuntimeException e) {
          log.error("{} failed", ctx.path(), e);
          return Envelope.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e, false);
        }
      }, ctx.blockingTaskExecutor());
    };
  }
}
