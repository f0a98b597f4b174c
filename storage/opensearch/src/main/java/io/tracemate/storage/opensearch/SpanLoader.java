package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TenantTrace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads whole traces: every span document matching a query, page by page ({@code search_after} on start time and
 * document key, so no page repeats or skips a span), rebuilt from its OTLP record, each distinct span once (copies
 * of a span that reached two daily indices are equal and collapse), grouped per (tenant, trace ID) and ordered by
 * start time. Thread-safe.
 */
final class SpanLoader {
  private static final int PAGE = 2_000;

  /** Most spans one read loads; a read that would load more fails and says so rather than exhausting the heap. */
  static final int MAX_SPANS = 1_000_000;

  private final OpenSearchHttp http;
  private final IndexLayout layout;

  SpanLoader(OpenSearchHttp http, IndexLayout layout) {
    this.http = http;
    this.layout = layout;
  }

  /** One tenant's trace, by (tenant, trace ID hex). */
  record Key(String tenant, String traceId) {}

  Map<Key, TenantTrace> load(ObjectNode query, Cancellation cancellation) {
    Map<Key, Set<Span>> spans = new LinkedHashMap<>();
    Set<String> seenDocs = new HashSet<>();
    JsonNode after = null;
    int loaded = 0;
    while (true) {
      cancellation.check();
      ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
      body.set("query", query);
      body.put("size", PAGE);
      body.putArray("_source").add("tenant").add("traceID").add("otlp");
      ArrayNode sort = body.putArray("sort");
      sort.addObject().put("startTimeNanos", "asc");
      sort.addObject().put("docKey", "asc");
      if (after != null) {
        body.set("search_after", after);
      }
      JsonNode hits =
          OpenSearchHttp.read(
                  () -> http.json("POST", "/" + layout.spanPattern() + "/_search", null, body))
              .path("hits")
              .path("hits");
      for (JsonNode hit : hits) {
        if (!seenDocs.add(hit.path("_id").asText())) {
          continue;
        }
        JsonNode source = hit.path("_source");
        Key key = new Key(source.path("tenant").asText(), source.path("traceID").asText());
        spans.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(SpanDocuments.spanOf(source));
        if (++loaded > MAX_SPANS) {
          throw new StorageException(
              "a read would load more than " + MAX_SPANS + " spans; narrow it down", false);
        }
      }
      if (hits.size() < PAGE) {
        break;
      }
      after = hits.get(hits.size() - 1).path("sort");
    }
    Map<Key, TenantTrace> traces = new LinkedHashMap<>();
    spans.forEach(
        (key, set) -> {
          List<Span> sorted = new ArrayList<>(set);
          sorted.sort(Comparator.comparingLong(Span::startEpochNanos));
          TraceId traceId = sorted.getFirst().traceId();
          traces.put(
              key,
              new TenantTrace(new TenantId(key.tenant()), new Trace(traceId, List.copyOf(sorted))));
        });
    return traces;
  }
}
