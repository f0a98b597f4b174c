package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Index names and templates, as Jaeger lays them out: one span index and one service index per UTC day,
 * {@code [<prefix>-]jaeger-span-YYYY-MM-DD} and {@code [<prefix>-]jaeger-service-YYYY-MM-DD}. A day's two indices are
 * one time partition: retention drops them together.
 *
 * <p>Immutable.
 */
final class IndexLayout {
  static final String SPAN = "jaeger-span-";
  static final String SERVICE = "jaeger-service-";
  private static final long DAY_NANOS = 86_400_000_000_000L;

  private final String prefix;
  private final int shards;
  private final int replicas;

  IndexLayout(String indexPrefix, int shards, int replicas) {
    this.prefix = indexPrefix.isEmpty() ? "" : indexPrefix + "-";
    this.shards = shards;
    this.replicas = replicas;
  }

  String spanIndex(LocalDate day) {
    return prefix + SPAN + day;
  }

  String serviceIndex(LocalDate day) {
    return prefix + SERVICE + day;
  }

  /** Every span index of this layout (a wildcard that matches no index matches nothing, without error). */
  String spanPattern() {
    return prefix + SPAN + "*";
  }

  String servicePattern() {
    return prefix + SERVICE + "*";
  }

  /** The day of one of this layout's indices, or empty for any other name. */
  Optional<LocalDate> dayOf(String index) {
    String rest;
    if (index.startsWith(prefix + SPAN)) {
      rest = index.substring(prefix.length() + SPAN.length());
    } else if (index.startsWith(prefix + SERVICE)) {
      rest = index.substring(prefix.length() + SERVICE.length());
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(rest));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The UTC day a span starting at these epoch nanoseconds falls in. */
  static LocalDate dayOfNanos(long epochNanos) {
    return LocalDate.ofEpochDay(Math.floorDiv(epochNanos, DAY_NANOS));
  }

  /** When a day's partition ends: the next midnight, UTC. */
  static Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The composable template of the span indices. Jaeger's field names for what both readers use (traceID, spanID,
   * parentSpanID, operationName, process.serviceName, startTime in µs, startTimeMillis, duration in µs, flags) and
   * Jaeger's shapes for tags, logs, process tags and references, kept in the source but not indexed; fields of our
   * own for the rest: the tenant, exact nanosecond times, one keyword per tag ("key NUL value", see
   * {@code SpanDocuments}), and the lossless OTLP record.
   */
  ObjectNode spanTemplate() {
    ObjectNode properties = OpenSearchHttp.JSON.createObjectNode();
    keyword(properties, "tenant");
    keyword(properties, "traceID");
    keyword(properties, "spanID");
    keyword(properties, "parentSpanID");
    keyword(properties, "operationName");
    properties.putObject("flags").put("type", "integer");
    properties.putObject("startTime").put("type", "long");
    properties.putObject("startTimeMillis").put("type", "date").put("format", "epoch_millis");
    properties.putObject("duration").put("type", "long");
    properties.putObject("startTimeNanos").put("type", "long");
    properties.putObject("durationNanos").put("type", "long");
    keyword(properties, "spanKind");
    properties.putObject("error").put("type", "boolean");
    keyword(properties, "tagKV");
    keyword(properties, "docKey");
    ObjectNode process = properties.putObject("process").putObject("properties");
    keyword(process, "serviceName");
    notIndexed(process, "tags");
    notIndexed(properties, "tags");
    notIndexed(properties, "logs");
    notIndexed(properties, "references");
    properties.putObject("otlp").put("type", "binary");
    return template(spanPattern(), properties);
  }

  /** The template of the service indices: one document per (tenant, service, operation, kind) and day. */
  ObjectNode serviceTemplate() {
    ObjectNode properties = OpenSearchHttp.JSON.createObjectNode();
    keyword(properties, "tenant");
    keyword(properties, "serviceName");
    keyword(properties, "operationName");
    keyword(properties, "spanKind");
    return template(servicePattern(), properties);
  }

  String spanTemplateName() {
    return prefix + "tracemate-jaeger-span";
  }

  String serviceTemplateName() {
    return prefix + "tracemate-jaeger-service";
  }

  private ObjectNode template(String pattern, ObjectNode properties) {
    ObjectNode root = OpenSearchHttp.JSON.createObjectNode();
    ArrayNode patterns = root.putArray("index_patterns");
    patterns.add(pattern);
    // above Jaeger's own templates, should a cluster hold both (composable templates win over
    // legacy ones anyway)
    root.put("priority", 100);
    ObjectNode template = root.putObject("template");
    template
        .putObject("settings")
        .put("index.number_of_shards", shards)
        .put("index.number_of_replicas", replicas)
        .put("index.codec", "best_compression");
    ObjectNode mappings = template.putObject("mappings");
    // fields we do not map are kept in the source only: no mapping explosion from what spans carry
    mappings.put("dynamic", false);
    mappings.set("properties", properties);
    return root;
  }

  private static void keyword(ObjectNode properties, String field) {
    // Lucene's term limit is 32766 bytes: a longer value is kept in the source, not indexed
    properties.putObject(field).put("type", "keyword").put("ignore_above", 8191);
  }

  private static void notIndexed(ObjectNode properties, String field) {
    properties.putObject(field).put("type", "object").put("enabled", false);
  }
}
