package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads spans back from the daily span indices (all of them, by wildcard: OpenSearch skips the shards whose time
 * range cannot match), always within the read's tenant scope ({@link Queries#inScope}).
 *
 * <ul>
 *   <li>trace by ID: one paged search on the trace ID (Jaeger's own reader also looks across indices).</li>
 *   <li>search: one {@code _msearch} round trip with one search per tenant of the scope, each collapsing the
 *       matching spans on {@code traceID} and sorted by start time (or duration) descending, so each hit is a trace
 *       with its exact rank; the hits of all tenants merged by rank and cut to the limit; then one paged search
 *       loads those traces whole. Collapsing per tenant keeps one trace ID of two tenants two traces without an
 *       extra field.</li>
 *   <li>services and operations: terms aggregations over the service indices (one small document per service,
 *       operation and kind a day).</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class OpenSearchTraceReader implements TraceReader {
  private static final int MAX_NAMES = 10_000;

  private final OpenSearchHttp http;
  private final IndexLayout layout;
  private final SpanLoader loader;

  OpenSearchTraceReader(OpenSearchHttp http, IndexLayout layout) {
    this.http = http;
    this.layout = layout;
    this.loader = new SpanLoader(http, layout);
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    return trace(scope, traceId, Cancellation.none());
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId, Cancellation cancellation) {
    ObjectNode query = Queries.inScope(scope);
    Queries.term(query, "traceID", traceId.toJaegerHex());
    List<TenantTrace> traces = new ArrayList<>(loader.load(query, cancellation).values());
    traces.sort(Comparator.comparing(TenantTrace::tenant));
    return traces;
  }

  @Override
  public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
    return findTraces(scope, query, Cancellation.none());
  }

  /** A trace a search found, with the value it is ordered by. */
  private record Ranked(SpanLoader.Key key, long rank) {}

  @Override
  public List<TenantTrace> findTraces(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    cancellation.check();
    List<Ranked> found = OpenSearchHttp.read(() -> rankedTraces(scope, query));
    if (found.isEmpty()) {
      return List.of();
    }
    Set<String> tenants = new TreeSet<>();
    Set<String> traceIds = new LinkedHashSet<>();
    for (Ranked ranked : found) {
      tenants.add(ranked.key().tenant());
      traceIds.add(ranked.key().traceId());
    }
    ObjectNode load = Queries.inTenants(tenants);
    Queries.terms(load, "traceID", traceIds);
    Map<SpanLoader.Key, TenantTrace> traces = loader.load(load, cancellation);
    List<TenantTrace> result = new ArrayList<>(found.size());
    for (Ranked ranked : found) {
      TenantTrace trace = traces.get(ranked.key());
      if (trace != null) { // retention may have taken it between the two requests
        result.add(trace);
      }
    }
    return result;
  }

  /** The search's traces, best first, at most the limit: one collapsed search per tenant in one round trip. */
  private List<Ranked> rankedTraces(TenantScope scope, TraceQuery query) {
    String rankField =
        query.order() == TraceQuery.Order.LONGEST_FIRST ? "durationNanos" : "startTimeNanos";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    List<TenantId> tenants = List.copyOf(scope.asSet());
    for (TenantId tenant : tenants) {
      ObjectNode header = OpenSearchHttp.JSON.createObjectNode();
      header.put("index", layout.spanPattern());
      ObjectNode search = OpenSearchHttp.JSON.createObjectNode();
      search.set("query", Queries.spanSearch(TenantScope.of(tenant), query));
      search.putObject("collapse").put("field", "traceID");
      search.putArray("sort").addObject().put(rankField, "desc");
      search.put("size", query.limit());
      search.put("_source", false);
      search.put("track_total_hits", false);
      body.writeBytes((header + "\n" + search + "\n").getBytes(StandardCharsets.UTF_8));
    }
    JsonNode answer =
        http.send("POST", "/_msearch", null, body.toByteArray(), "application/x-ndjson");
    List<Ranked> ranked = new ArrayList<>();
    JsonNode responses = answer.path("responses");
    for (int i = 0; i < tenants.size(); i++) {
      JsonNode response = responses.path(i);
      if (response.has("error")) {
        throw new io.tracemate.storage.StorageException(
            "OpenSearch could not search: " + response.path("error"),
            OpenSearchHttp.retryable(response.path("status").asInt(500)));
      }
      for (JsonNode hit : response.path("hits").path("hits")) {
        String traceId = hit.path("fields").path("traceID").path(0).asText();
        ranked.add(
            new Ranked(
                new SpanLoader.Key(tenants.get(i).value(), traceId),
                hit.path("sort").path(0).asLong()));
      }
    }
    // Ties in trace ID order, then tenant, as the reference store answers.
    ranked.sort(
        Comparator.comparingLong(Ranked::rank)
            .reversed()
            .thenComparing(r -> TraceId.fromHex(r.key().traceId()))
            .thenComparing(r -> r.key().tenant()));
    return ranked.size() > query.limit() ? ranked.subList(0, query.limit()) : ranked;
  }

  @Override
  public List<String> serviceNames(TenantScope scope) {
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.set("query", Queries.inScope(scope));
    body.putObject("aggs")
        .putObject("services")
        .putObject("terms")
        .put("field", "serviceName")
        .put("size", MAX_NAMES);
    JsonNode answer =
        OpenSearchHttp.read(
            () -> http.json("POST", "/" + layout.servicePattern() + "/_search", null, body));
    TreeSet<String> names = new TreeSet<>();
    for (JsonNode bucket : answer.path("aggregations").path("services").path("buckets")) {
      names.add(bucket.path("key").asText());
    }
    return List.copyOf(names);
  }

  @Override
  public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
    ObjectNode query = Queries.inScope(scope);
    Queries.term(query, "serviceName", serviceName);
    if (spanKind != null) {
      Queries.term(query, "spanKind", spanKind.name());
    }
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    body.set("query", query);
    ObjectNode operations = body.putObject("aggs").putObject("operations");
    operations.putObject("terms").put("field", "operationName").put("size", MAX_NAMES);
    operations.putObject("aggs").putObject("kinds").putObject("terms").put("field", "spanKind");
    JsonNode answer =
        OpenSearchHttp.read(
            () -> http.json("POST", "/" + layout.servicePattern() + "/_search", null, body));
    TreeSet<Operation> found = new TreeSet<>(Operation.BY_NAME_THEN_KIND);
    for (JsonNode bucket : answer.path("aggregations").path("operations").path("buckets")) {
      for (JsonNode kind : bucket.path("kinds").path("buckets")) {
        found.add(
            new Operation(
                bucket.path("key").asText(), SpanKind.valueOf(kind.path("key").asText())));
      }
    }
    return List.copyOf(found);
  }
}
