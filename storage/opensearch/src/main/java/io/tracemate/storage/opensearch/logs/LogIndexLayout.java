package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Log index names and their template: one index per UTC day, {@code [<prefix>-]tracemate-logs-YYYY-MM-DD}, every
 * tenant's entries in it (told apart by the {@code tenant} field). Immutable.
 */
final class LogIndexLayout {
  static final String LOGS = "tracemate-logs-";
  private static final long DAY_NANOS = 86_400_000_000_000L;

  /** A read over more days than this names the pattern instead of each day's index (URL length). */
  private static final int MAX_NAMED_DAYS = 62;

  /** Lucene's term limit is 32766 bytes: a longer keyword is kept in the source, not indexed. */
  static final int IGNORE_ABOVE = 8191;

  private final String prefix;
  private final int shards;
  private final int replicas;

  LogIndexLayout(String indexPrefix, int shards, int replicas) {
    this.prefix = indexPrefix.isEmpty() ? "" : indexPrefix + "-";
    this.shards = shards;
    this.replicas = replicas;
  }

  String index(LocalDate day) {
    return prefix + LOGS + day;
  }

  String pattern() {
    return prefix + LOGS + "*";
  }

  String templateName() {
    return prefix + "tracemate-logs";
  }

  /** The indices a read of [start, end) touches: each day's by name, or the pattern for long ranges. */
  String indicesFor(long startNanos, long endNanos) {
    if (endNanos <= startNanos) {
      return pattern();
    }
    LocalDate first = dayOfNanos(startNanos);
    LocalDate last = dayOfNanos(endNanos - 1);
    if (first.plusDays(MAX_NAMED_DAYS).isBefore(last)) {
      return pattern();
    }
    List<String> names = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      names.add(index(day));
    }
    return String.join(",", names);
  }

  /** The day of one of this layout's indices, or empty for any other name. */
  Optional<LocalDate> dayOf(String index) {
    if (!index.startsWith(prefix + LOGS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(index.substring(prefix.length() + LOGS.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  static LocalDate dayOfNanos(long epochNanos) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochNanos, DAY_NANOS));
  }

  static Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The composable template of the log indices. Indexed: the tenant, the stream's fingerprint, its labels as
   * {@code name=value} and its label names (for selectors), the timestamp and arrival order (sorting, ranges), the
   * trace and span IDs (logs of a trace), the line's byte count (statistics). The labels, the line and its
   * structured metadata are kept in the source only. {@code refresh_interval: -1}: entries become visible when the
   * writer's flush refreshes the indices it wrote, all at once, so a reader never sees a later write without an
   * earlier one.
   */
  ObjectNode template() {
    ObjectNode properties = OpenSearchHttp.JSON.createObjectNode();
    keyword(properties, LogDocuments.TENANT);
    keyword(properties, LogDocuments.STREAM);
    keyword(properties, LogDocuments.LABEL);
    keyword(properties, LogDocuments.LABEL_NAME);
    keyword(properties, LogDocuments.TRACE_ID);
    keyword(properties, LogDocuments.SPAN_ID);
    properties.putObject(LogDocuments.TS).put("type", "long");
    properties.putObject(LogDocuments.SEQ).put("type", "long");
    properties.putObject(LogDocuments.POS).put("type", "long");
    properties.putObject(LogDocuments.LINE_BYTES).put("type", "long");
    properties.putObject(LogDocuments.LABELS).put("type", "object").put("enabled", false);
    properties.putObject(LogDocuments.METADATA).put("type", "object").put("enabled", false);

    ObjectNode root = OpenSearchHttp.JSON.createObjectNode();
    ArrayNode patterns = root.putArray("index_patterns");
    patterns.add(pattern());
    root.put("priority", 100);
    ObjectNode template = root.putObject("template");
    template
        .putObject("settings")
        .put("index.number_of_shards", shards)
        .put("index.number_of_replicas", replicas)
        .put("index.codec", "best_compression")
        .put("index.refresh_interval", "-1");
    ObjectNode mappings = template.putObject("mappings");
    // the line is not mapped: kept in the source, never analysed (line filters run in Tracemate)
    mappings.put("dynamic", false);
    mappings.set("properties", properties);
    return root;
  }

  private static void keyword(ObjectNode properties, String field) {
    properties.putObject(field).put("type", "keyword").put("ignore_above", IGNORE_ABOVE);
  }
}
