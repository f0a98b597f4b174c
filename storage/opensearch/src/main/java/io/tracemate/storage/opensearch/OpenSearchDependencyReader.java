package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependencies from the span indices: the doc values of the spans that started in the window (IDs, service, kind,
 * error flag; never the sources), paged with {@code search_after}, at most {@code maxDependencySpans} of them, then
 * joined within each tenant's trace by {@link DependencyLinker}. Thread-safe.
 */
final class OpenSearchDependencyReader implements DependencyReader {
  private static final Logger log = LoggerFactory.getLogger(OpenSearchDependencyReader.class);
  private static final int PAGE = 10_000;

  private final OpenSearchHttp http;
  private final IndexLayout layout;
  private final int maxSpans;

  OpenSearchDependencyReader(OpenSearchHttp http, IndexLayout layout, int maxSpans) {
    this.http = http;
    this.layout = layout;
    this.maxSpans = maxSpans;
  }

  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    ObjectNode query = Queries.inScope(scope);
    ObjectNode range =
        Queries.filter(query).addObject().putObject("range").putObject("startTimeNanos");
    range.put("gte", nanos(start));
    range.put("lt", nanos(end));
    Map<SpanLoader.Key, Set<DependencyLinker.Row>> traces = new HashMap<>();
    JsonNode after = null;
    int read = 0;
    while (read < maxSpans) {
      ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
      body.set("query", query);
      body.put("size", Math.min(PAGE, maxSpans - read));
      body.put("_source", false);
      body.put("track_total_hits", false);
      ArrayNode fields = body.putArray("docvalue_fields");
      for (String field :
          List.of(
              "tenant",
              "traceID",
              "spanID",
              "parentSpanID",
              "process.serviceName",
              "spanKind",
              "error")) {
        fields.add(field);
      }
      body.putArray("sort").addObject().put("docKey", "asc");
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits =
          OpenSearchHttp.read(
                  () -> http.json("POST", "/" + layout.spanPattern() + "/_search", null, body))
              .path("hits")
              .path("hits");
      for (JsonNode hit : hits) {
        JsonNode f = hit.path("fields");
        SpanLoader.Key key = new SpanLoader.Key(first(f, "tenant"), first(f, "traceID"));
        traces
            .computeIfAbsent(key, k -> new LinkedHashSet<>())
            .add(
                new DependencyLinker.Row(
                    first(f, "spanID"),
                    first(f, "parentSpanID"),
                    first(f, "process.serviceName"),
                    SpanKind.valueOf(first(f, "spanKind")),
                    f.path("error").path(0).asBoolean(false)));
      }
      read += hits.size();
      if (hits.size() < PAGE) {
        break;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
    if (read >= maxSpans) {
      log.warn(
          "dependencies read the first {} spans of the window only (maxDependencySpans)", maxSpans);
    }
    DependencyLinker linker = new DependencyLinker();
    traces.values().forEach(rows -> linker.linkTrace(List.copyOf(rows)));
    return linker.links();
  }

  private static String first(JsonNode fields, String name) {
    JsonNode value = fields.path(name).path(0);
    return value.isMissingNode() ? null : value.asText();
  }

  private static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
