package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loki's metadata endpoints, answered from the store's index without reading lines: {@code /labels},
 * {@code /label/{name}/values}, {@code /series} and {@code /index/stats}. Thread-safe.
 */
final class MetadataApi {
  private final LogReader reader;
  private final TenantQueryLimits limits;
  private final Clock clock;

  MetadataApi(LogReader reader, TenantQueryLimits limits, Clock clock) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
  }

  /** {@code {"status":"success","data":["app","level"]}}; with {@code query}, names of the streams it selects. */
  HttpResponse labels(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.Bounds bounds = bounds(request);
    String query = request.params().get("query");
    List<String> names;
    if (query == null || query.isBlank()) {
      names =
          reader.labelNames(
              request.tenants(), bounds.startNanos(), bounds.endNanos(), request.cancellation());
    } else {
      Set<String> found = new TreeSet<>();
      for (List<LabelMatcher> matchers :
          Selectors.of(query, limits.forScope(request.tenants()).parseLimits())) {
        for (StreamRef stream :
            reader.streams(selection(request, matchers, bounds), request.cancellation())) {
          found.addAll(stream.labels().names());
        }
      }
      names = List.copyOf(found);
    }
    return success(JsonBody.stringArray(names));
  }

  /** {@code {"status":"success","data":["api","db"]}}. */
  HttpResponse labelValues(LokiRequest request, ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    LokiParams.Bounds bounds = bounds(request);
    String query = request.params().get("query");
    List<List<LabelMatcher>> selectors =
        query == null || query.isBlank()
            ? List.of(List.of())
            : Selectors.of(query, limits.forScope(request.tenants()).parseLimits());
    Set<String> values = new TreeSet<>();
    for (List<LabelMatcher> matchers : selectors) {
      values.addAll(
          reader.labelValues(selection(request, matchers, bounds), name, request.cancellation()));
    }
    List<String> sorted = List.copyOf(values);
    return success(JsonBody.stringArray(sorted));
  }

  /** {@code {"status":"success","data":[{"app":"api","level":"error"},...]}}; every stream without match[]. */
  HttpResponse series(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.Bounds bounds = bounds(request);
    List<String> matches = request.params().getAll("match[]");
    if (matches.isEmpty()) {
      matches = request.params().getAll("match");
    }
    List<List<LabelMatcher>> selectors = new ArrayList<>();
    if (matches.isEmpty()) {
      selectors.add(List.of());
    }
    for (String match : matches) {
      selectors.addAll(Selectors.of(match, limits.forScope(request.tenants()).parseLimits()));
    }
    Set<LabelSet> found = new LinkedHashSet<>();
    for (List<LabelMatcher> matchers : selectors) {
      for (StreamRef stream :
          reader.streams(selection(request, matchers, bounds), request.cancellation())) {
        found.add(stream.labels());
      }
    }
    List<LabelSet> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparing(LabelSet::toString));
    return success(
        out -> {
          out.writeStartArray();
          for (LabelSet labels : sorted) {
            LokiJson.writeLabels(out, labels);
          }
          out.writeEndArray();
        });
  }

  /** Loki's bare object {@code {"streams":..,"chunks":..,"entries":..,"bytes":..}} (no envelope). */
  HttpResponse indexStats(LokiRequest request, ServiceRequestContext ctx) {
    String query = LokiParams.requiredQuery(request.params());
    LokiParams.Bounds bounds = bounds(request);
    long streams = 0;
    long chunks = 0;
    long entries = 0;
    long bytes = 0;
    for (List<LabelMatcher> matchers :
        Selectors.of(query, limits.forScope(request.tenants()).parseLimits())) {
      IndexStats stats =
          reader.indexStats(selection(request, matchers, bounds), request.cancellation());
      streams += stats.streams();
      chunks += stats.chunks();
      entries += stats.entries();
      bytes += stats.bytes();
    }
    IndexStats total = new IndexStats(streams, chunks, entries, bytes);
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeNumberField("streams", total.streams());
          out.writeNumberField("chunks", total.chunks());
          out.writeNumberField("entries", total.entries());
          out.writeNumberField("bytes", total.bytes());
          out.writeEndObject();
        });
  }

  /** The request's window, no further back than its tenants' max_query_lookback (Loki moves the start up). */
  private LokiParams.Bounds bounds(LokiRequest request) {
    long now = Parameters.epochNanos(clock.instant());
    LokiParams.Bounds bounds = LokiParams.orderedBounds(request.params(), now);
    Duration lookback = limits.forScope(request.tenants()).maxLookback();
    if (lookback.isZero()) {
      return bounds;
    }
    long notBefore = now - lookback.toNanos();
    return new LokiParams.Bounds(
        Math.max(bounds.startNanos(), notBefore), Math.max(bounds.endNanos(), notBefore));
  }

  private static LogSelection selection(
      LokiRequest request, List<LabelMatcher> matchers, LokiParams.Bounds bounds) {
    return new LogSelection(request.tenants(), matchers, bounds.startNanos(), bounds.endNanos());
  }

  /** Loki's {@code {"status":"success","data":...}}. */
  static HttpResponse success(JsonBody.Writer data) {
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeFieldName("data");
          data.write(out);
          out.writeEndObject();
        });
  }
}
