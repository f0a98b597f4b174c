package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.storage.opensearch.DocumentDeleter;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log retention, driven by Tracemate (no ISM plugin needed; a cluster's own ISM policy deleting old indices is
 * tolerated):
 *
 * <ul>
 *   <li>a daily index whose day ends at or before the earliest cutoff (no tenant keeps it) is deleted whole, its
 *       entries counted first;</li>
 *   <li>in the younger indices, the entries of each tenant older than its own cutoff (the default's for tenants
 *       without one) are deleted one by one ({@link DocumentDeleter}), so a tenant's shorter retention holds to the
 *       entry, as the log SPI asks; an expunge-deletes force merge of those indices is then started (not awaited) to
 *       give the space back. A run with unchanged cutoffs finds nothing and writes nothing.</li>
 * </ul>
 *
 * <p>One run at a time (the store serializes runs).
 */
final class LogRetention {
  private static final Logger log = LoggerFactory.getLogger(LogRetention.class);
  private static final int NAMES_PER_REQUEST = 50;

  private final OpenSearchHttp http;
  private final LogIndexLayout layout;
  private final DocumentDeleter deleter;

  LogRetention(OpenSearchHttp http, LogIndexLayout layout) {
    this.http = http;
    this.layout = layout;
    this.deleter = new DocumentDeleter(http);
  }

  /** @return how many entries went */
  long enforce(RetentionPolicy policy) {
    Instant earliest = policy.earliestCutoff();
    List<String> drop = new ArrayList<>();
    List<String> keep = new ArrayList<>();
    JsonNode indices =
        http.json(
            "GET",
            "/_cat/indices/" + layout.pattern(),
            Map.of("format", "json", "h", "index", "expand_wildcards", "open"),
            null);
    for (JsonNode row : indices) {
      String index = row.path("index").asText();
      LocalDate day = layout.dayOf(index).orElse(null);
      if (day == null) {
        continue;
      }
      (LogIndexLayout.endOf(day).isAfter(earliest) ? keep : drop).add(index);
    }
    long removed = 0;
    for (int i = 0; i < drop.size(); i += NAMES_PER_REQUEST) {
      String names =
          String.join(",", drop.subList(i, Math.min(drop.size(), i + NAMES_PER_REQUEST)));
      removed +=
          http.json("GET", "/" + names + "/_count", Map.of("ignore_unavailable", "true"), null)
              .path("count")
              .asLong();
      http.json("DELETE", "/" + names, Map.of("ignore_unavailable", "true"), null);
    }
    if (!drop.isEmpty()) {
      log.info("log retention deleted {} daily indices ({} lines): {}", drop.size(), removed, drop);
    }
    ObjectNode expired = expired(policy);
    if (expired != null) {
      for (int i = 0; i < keep.size(); i += NAMES_PER_REQUEST) {
        String names =
            String.join(",", keep.subList(i, Math.min(keep.size(), i + NAMES_PER_REQUEST)));
        long deleted = deleter.deleteMatching(names, expired);
        if (deleted > 0) {
          removed += deleted;
          log.info("log retention deleted {} expired lines from {}", deleted, names);
          http.json(
              "POST",
              "/" + names + "/_forcemerge",
              Map.of(
                  "only_expunge_deletes", "true",
                  "wait_for_completion", "false",
                  "ignore_unavailable", "true"),
              null);
        }
      }
    }
    return removed;
  }

  /**
   * The entries no one keeps: of each tenant with a cutoff of its own, those before it; of every other tenant, those
   * before the default cutoff. Null when no cutoff can delete anything.
   */
  private static ObjectNode expired(RetentionPolicy policy) {
    ObjectNode query = OpenSearchHttp.JSON.createObjectNode();
    ObjectNode bool = query.putObject("bool");
    bool.put("minimum_should_match", 1);
    ArrayNode should = bool.putArray("should");
    ArrayNode ownCutoffs = OpenSearchHttp.JSON.createArrayNode();
    for (Map.Entry<TenantId, Instant> tenant : policy.cutoffByTenant().entrySet()) {
      ownCutoffs.add(tenant.getKey().value());
      long cutoff = nanos(tenant.getValue());
      if (cutoff != Long.MIN_VALUE) {
        ArrayNode filter = should.addObject().putObject("bool").putArray("filter");
        filter.addObject().putObject("term").put(LogDocuments.TENANT, tenant.getKey().value());
        filter.addObject().putObject("range").putObject(LogDocuments.TS).put("lt", cutoff);
      }
    }
    long defaultCutoff = nanos(policy.defaultCutoff());
    if (defaultCutoff != Long.MIN_VALUE) {
      ObjectNode others = should.addObject().putObject("bool");
      others
          .putArray("filter")
          .addObject()
          .putObject("range")
          .putObject(LogDocuments.TS)
          .put("lt", defaultCutoff);
      if (!ownCutoffs.isEmpty()) {
        others
            .putArray("must_not")
            .addObject()
            .putObject("terms")
            .set(LogDocuments.TENANT, ownCutoffs);
      }
    }
    return should.isEmpty() ? null : query;
  }

  /** Epoch nanoseconds, saturated; {@link Long#MIN_VALUE} for a cutoff before anything a long can hold. */
  static long nanos(Instant instant) {
    if (instant.getEpochSecond() < -9_223_372_035L) {
      return Long.MIN_VALUE;
    }
    if (instant.getEpochSecond() > 9_223_372_035L) {
      return Long.MAX_VALUE;
    }
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
