package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.storage.TraceQuery;
import java.util.Collection;
import java.util.Map;

/**
 * The query DSL pieces the readers use, as Jackson trees. Every query that reads spans or services is built by
 * {@link #inScope}, which puts the tenant filter first: no read can leave it out. Stateless.
 */
final class Queries {
  private Queries() {}

  /** A bool query whose filter holds the scope's tenants; callers add their own clauses to {@code filter}. */
  static ObjectNode inScope(TenantScope scope) {
    return inTenants(scope.asSet().stream().map(TenantId::value).toList());
  }

  static ObjectNode inTenants(Collection<String> tenants) {
    ObjectNode query = OpenSearchHttp.JSON.createObjectNode();
    ArrayNode filter = query.putObject("bool").putArray("filter");
    ArrayNode values = filter.addObject().putObject("terms").putArray("tenant");
    tenants.forEach(values::add);
    return query;
  }

  static ArrayNode filter(ObjectNode boolQuery) {
    return (ArrayNode) boolQuery.path("bool").path("filter");
  }

  static void term(ObjectNode boolQuery, String field, String value) {
    filter(boolQuery).addObject().putObject("term").put(field, value);
  }

  static void terms(ObjectNode boolQuery, String field, Collection<String> values) {
    ArrayNode array = filter(boolQuery).addObject().putObject("terms").putArray(field);
    values.forEach(array::add);
  }

  static void range(ObjectNode boolQuery, String field, long gte, long lte) {
    ObjectNode range = filter(boolQuery).addObject().putObject("range").putObject(field);
    range.put("gte", gte);
    range.put("lte", lte);
  }

  /** Every criterion of a trace search, each on one span (they all land in one bool filter). */
  static ObjectNode spanSearch(TenantScope scope, TraceQuery query) {
    ObjectNode bool = inScope(scope);
    if (query.serviceName() != null) {
      term(bool, "process.serviceName", query.serviceName());
    }
    if (query.operationName() != null) {
      term(bool, "operationName", query.operationName());
    }
    for (Map.Entry<String, String> tag : query.tags().entrySet()) {
      term(bool, "tagKV", SpanDocuments.tagTerm(tag.getKey(), tag.getValue()));
    }
    if (query.startTimeMinNanos() > 0 || query.startTimeMaxNanos() != TraceQuery.NO_MAX) {
      range(bool, "startTimeNanos", query.startTimeMinNanos(), query.startTimeMaxNanos());
    }
    if (query.hasDurationFilter()) {
      range(bool, "durationNanos", query.durationMinNanos(), query.durationMaxNanos());
    }
    if (query.traceIdPrefix() != null) {
      filter(bool).addObject().putObject("prefix").put("traceID", query.traceIdPrefix());
    }
    return bool;
  }
}
