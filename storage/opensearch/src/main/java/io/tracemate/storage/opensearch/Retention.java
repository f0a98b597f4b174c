package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention driven by Tracemate, not by an ISM policy (the test distribution has none, and a production cluster's
 * policy would not know tenants): a day's span and service indices are one partition.
 *
 * <ul>
 *   <li>Days that end at or before the policy's earliest cutoff (the longest retention in force) are no tenant's to
 *       keep: their indices are deleted whole, which frees their space at once.</li>
 *   <li>In a younger day, the documents of each tenant whose own cutoff has passed the day's end are deleted: one
 *       search finds which indices hold any (a terms aggregation on {@code _index}), then each is emptied of them by
 *       pages of IDs and bulk deletes (the integ-test distribution has no reindex module, so no
 *       {@code _delete_by_query}; this works on any cluster), then an expunge-deletes force merge of that index is
 *       started (not awaited), which reclaims the space in the background. A run with unchanged cutoffs finds
 *       nothing and writes nothing.</li>
 * </ul>
 *
 * <p>Thread-safe as long as one run at a time (the backend serializes runs).
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final int NAMES_PER_REQUEST = 50;

  private final OpenSearchHttp http;
  private final IndexLayout layout;
  private final DocumentDeleter deleter;

  Retention(OpenSearchHttp http, IndexLayout layout) {
    this.http = http;
    this.layout = layout;
    this.deleter = new DocumentDeleter(http);
  }

  int enforce(RetentionPolicy policy) {
    Map<LocalDate, List<String>> days = indicesByDay();
    Instant earliest = policy.earliestCutoff();
    List<String> drop = new ArrayList<>();
    int affected = 0;
    Map<String, ObjectNode> expiring = new LinkedHashMap<>();
    Map<String, LocalDate> dayOfIndex = new TreeMap<>();
    for (Map.Entry<LocalDate, List<String>> day : days.entrySet()) {
      Instant end = IndexLayout.endOf(day.getKey());
      if (!end.isAfter(earliest)) {
        drop.addAll(day.getValue());
        affected++;
        continue;
      }
      ObjectNode expired = expiredTenants(policy, end);
      if (expired != null) {
        for (String index : day.getValue()) {
          expiring.put(index, expired);
          dayOfIndex.put(index, day.getKey());
        }
      }
    }
    for (int i = 0; i < drop.size(); i += NAMES_PER_REQUEST) {
      List<String> names = drop.subList(i, Math.min(drop.size(), i + NAMES_PER_REQUEST));
      http.json(
          "DELETE", "/" + String.join(",", names), Map.of("ignore_unavailable", "true"), null);
    }
    if (!drop.isEmpty()) {
      log.info("retention deleted {} indices: {}", drop.size(), drop);
    }
    Set<LocalDate> trimmedDays = new HashSet<>();
    for (String index : indicesHoldingAny(expiring)) {
      long deleted = deleteMatching(index, expiring.get(index));
      if (deleted > 0) {
        trimmedDays.add(dayOfIndex.get(index));
        log.info("retention deleted {} documents of expired tenants from {}", deleted, index);
        http.json(
            "POST",
            "/" + index + "/_forcemerge",
            Map.of("only_expunge_deletes", "true", "wait_for_completion", "false"),
            null);
      }
    }
    return affected + trimmedDays.size();
  }

  /**
   * The query for the documents of a day ending at {@code end} that no longer belong to anyone: of every tenant whose
   * cutoff is at or after the end. Null when no tenant's is.
   */
  private static ObjectNode expiredTenants(RetentionPolicy policy, Instant end) {
    ObjectNode query = OpenSearchHttp.JSON.createObjectNode();
    ObjectNode bool = query.putObject("bool");
    if (!policy.defaultCutoff().isBefore(end)) {
      // every tenant goes but those with a longer retention of their own
      ArrayNode keep = bool.putArray("must_not").addObject().putObject("terms").putArray("tenant");
      for (Map.Entry<TenantId, Instant> entry : policy.cutoffByTenant().entrySet()) {
        if (entry.getValue().isBefore(end)) {
          keep.add(entry.getKey().value());
        }
      }
      bool.putArray("filter").addObject().putObject("match_all");
      return query;
    }
    ArrayNode expired = bool.putArray("filter").addObject().putObject("terms").putArray("tenant");
    for (Map.Entry<TenantId, Instant> entry : policy.cutoffByTenant().entrySet()) {
      if (!entry.getValue().isBefore(end)) {
        expired.add(entry.getKey().value());
      }
    }
    return expired.isEmpty() ? null : query;
  }

  private Map<LocalDate, List<String>> indicesByDay() {
    JsonNode answer =
        http.json(
            "GET",
            "/_cat/indices/" + layout.spanPattern() + "," + layout.servicePattern(),
            Map.of("format", "json", "h", "index"),
            null);
    Map<LocalDate, List<String>> days = new TreeMap<>();
    for (JsonNode row : answer) {
      String index = row.path("index").asText();
      layout
          .dayOf(index)
          .ifPresent(day -> days.computeIfAbsent(day, d -> new ArrayList<>()).add(index));
    }
    return days;
  }

  /** Which of the indices hold a document their query matches: one search, aggregated by index. */
  private List<String> indicesHoldingAny(Map<String, ObjectNode> expiring) {
    if (expiring.isEmpty()) {
      return List.of();
    }
    ObjectNode body = OpenSearchHttp.JSON.createObjectNode();
    body.put("size", 0);
    ObjectNode bool = body.putObject("query").putObject("bool");
    bool.put("minimum_should_match", 1);
    ArrayNode should = bool.putArray("should");
    for (Map.Entry<String, ObjectNode> entry : expiring.entrySet()) {
      ArrayNode filter = should.addObject().putObject("bool").putArray("filter");
      filter.addObject().putObject("term").put("_index", entry.getKey());
      filter.add(entry.getValue());
    }
    body.putObject("aggs")
        .putObject("indices")
        .putObject("terms")
        .put("field", "_index")
        .put("size", expiring.size());
    JsonNode answer =
        http.json(
            "POST",
            "/" + layout.spanPattern() + "," + layout.servicePattern() + "/_search",
            Map.of("ignore_unavailable", "true"),
            body);
    List<String> indices = new ArrayList<>();
    for (JsonNode bucket : answer.path("aggregations").path("indices").path("buckets")) {
      indices.add(bucket.path("key").asText());
    }
    return indices;
  }

  /** Deletes every document of the index the query matches; returns how many. */
  private long deleteMatching(String index, ObjectNode query) {
    return deleter.deleteMatching(index, query);
  }
}
