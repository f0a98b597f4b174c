package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStorageException;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import java.util.Map;

/**
 * The searches the log reader sends, as Jackson trees. Every query is built by {@link #inScope}, whose filter holds
 * the read's tenants first, so no read can leave it out. Stateless apart from the connection; thread-safe.
 */
final class LogQueries {
  private static final Map<String, String> LENIENT =
      Map.of("ignore_unavailable", "true", "allow_no_indices", "true");

  private final OpenSearchHttp http;

  LogQueries(OpenSearchHttp http) {
    this.http = http;
  }

  /** One search, again after a retryable failure (bounded); OpenSearch's failures as the log SPI's. */
  JsonNode search(String indices, ObjectNode body) {
    try {
      return OpenSearchHttp.read(
          () -> http.json("POST", "/" + indices + "/_search", LENIENT, body));
    } catch (StorageException e) {
      throw new LogStorageException(
          "OpenSearch log search failed: " + e.getMessage(), e.retryable(), e);
    }
  }

  /** A bool query whose filter holds the scope's tenants; callers add their own clauses to its filter. */
  static ObjectNode inScope(TenantScope scope) {
    ObjectNode query = OpenSearchHttp.JSON.createObjectNode();
    ArrayNode filter = query.putObject("bool").putArray("filter");
    ArrayNode values = filter.addObject().putObject("terms").putArray(LogDocuments.TENANT);
    for (TenantId tenant : scope.asSet()) {
      values.add(tenant.value());
    }
    return query;
  }

  static ArrayNode filter(ObjectNode boolQuery) {
    return (ArrayNode) boolQuery.path("bool").path("filter");
  }

  static void term(ObjectNode boolQuery, String field, String value) {
    filter(boolQuery).addObject().putObject("term").put(field, value);
  }

  /** Entries in [start, end). */
  static void range(ObjectNode boolQuery, long startNanos, long endNanos) {
    ObjectNode range = filter(boolQuery).addObject().putObject("range").putObject(LogDocuments.TS);
    range.put("gte", startNanos);
    range.put("lt", endNanos);
  }

  /**
   * The selection as a query: its tenants and range, and what of its matchers the index can answer exactly (an
   * equality with a non-empty value as a {@code name=value} term; a matcher that needs the label as a label-name
   * term). The rest (regexes, inequalities) is checked on each stream's labels by the reader, which also re-checks
   * every matcher, so this only narrows.
   */
  static ObjectNode selection(LogSelection selection) {
    ObjectNode query = inScope(selection.tenants());
    range(query, selection.startNanos(), selection.endNanos());
    for (LabelMatcher matcher : selection.matchers()) {
      if (matcher.type() == LabelMatcher.Type.EQ
          && !matcher.value().isEmpty()
          && matcher.name().length() + 1 + matcher.value().length()
              <= LogIndexLayout.IGNORE_ABOVE) {
        term(query, LogDocuments.LABEL, matcher.name() + "=" + matcher.value());
      } else if (matcher.requiresLabel()
          && matcher.name().length() <= LogIndexLayout.IGNORE_ABOVE) {
        term(query, LogDocuments.LABEL_NAME, matcher.name());
      }
    }
    return query;
  }
}
