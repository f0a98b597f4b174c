package io.tracemate.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.InstrumentationScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanEvent;
import io.tracemate.model.SpanKind;
import io.tracemate.model.SpanLink;
import io.tracemate.model.StatusCode;
import io.tracemate.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One span as one OpenSearch document, and back.
 *
 * <p>The document has Jaeger's fields (so Jaeger's own reader can read it: {@code traceID}, {@code spanID},
 * {@code parentSpanID}, {@code operationName}, {@code flags}, {@code startTime} µs, {@code startTimeMillis},
 * {@code duration} µs, {@code tags}, {@code logs}, {@code references}, {@code process.serviceName},
 * {@code process.tags}, in Jaeger's shapes and with the tags Jaeger's OTLP translator derives), and ours: the
 * {@code tenant}; {@code startTimeNanos} and {@code durationNanos} (searches and order are exact to the
 * nanosecond); {@code spanKind} and {@code error} (dependencies); {@code tagKV}, one keyword per searchable tag;
 * {@code docKey}, the document ID again, as a sortable tiebreaker for paging; and {@code otlp}, the span as OTLP
 * protobuf bytes, from which every read rebuilds it exactly (Jaeger's shape loses attribute types, scopes, links'
 * attributes, trace state and dropped counts).
 *
 * <p>The document ID is a digest of the tenant and those bytes: the same span written twice (a client retry, a WAL
 * replay) is the same document, so writes stay idempotent without a read.
 *
 * <p>Stateless and thread-safe.
 */
final class SpanDocuments {
  /** Tags whose "key NUL value" is longer are indexed as a digest: exact matching at a bounded size. */
  private static final int MAX_PLAIN_TAG_CHARS = 256;

  private SpanDocuments() {}

  /** A document ready to index: its ID and its JSON. */
  record Doc(String id, ObjectNode source) {}

  static Doc of(TenantId tenant, Span span) {
    byte[] otlp = SpanBinaryCodec.encode(List.of(span));
    String id = digest(tenant.value(), otlp);
    ObjectNode doc = OpenSearchHttp.JSON.createObjectNode();
    doc.put("tenant", tenant.value());
    doc.put("traceID", span.traceId().toJaegerHex());
    doc.put("spanID", span.spanId().toHex());
    if (span.parentSpanId().isValid()) {
      doc.put("parentSpanID", span.parentSpanId().toHex());
    }
    doc.put("flags", span.flags());
    doc.put("operationName", span.name());
    long start = span.startEpochNanos();
    long duration = span.durationNanos();
    doc.put("startTime", Math.floorDiv(start, 1_000L));
    doc.put("startTimeMillis", Math.floorDiv(start, 1_000_000L));
    doc.put("duration", duration / 1_000L);
    doc.put("startTimeNanos", start);
    doc.put("durationNanos", duration);
    doc.put("spanKind", span.kind().name());
    doc.put("error", span.status().code() == StatusCode.ERROR);
    ArrayNode references = doc.putArray("references");
    if (span.parentSpanId().isValid()) {
      reference(references, "CHILD_OF", span.traceId().toJaegerHex(), span.parentSpanId().toHex());
    }
    for (SpanLink link : span.links()) {
      reference(references, "FOLLOWS_FROM", link.traceId().toJaegerHex(), link.spanId().toHex());
    }
    ArrayNode tags = doc.putArray("tags");
    span.attributes().forEach(attribute -> jaegerTag(tags, attribute.key(), attribute.value()));
    derivedTags(span).forEach((key, value) -> stringTag(tags, key, value));
    ArrayNode logs = doc.putArray("logs");
    for (SpanEvent event : span.events()) {
      ObjectNode log = logs.addObject();
      log.put("timestamp", Math.floorDiv(event.epochNanos(), 1_000L));
      ArrayNode fields = log.putArray("fields");
      stringTag(fields, "event", event.name());
      event
          .attributes()
          .forEach(attribute -> jaegerTag(fields, attribute.key(), attribute.value()));
    }
    ObjectNode process = doc.putObject("process");
    process.put("serviceName", span.serviceName());
    ArrayNode processTags = process.putArray("tags");
    for (Attribute attribute : span.resource().attributes()) {
      if (!attribute.key().equals("service.name")) {
        jaegerTag(processTags, attribute.key(), attribute.value());
      }
    }
    ArrayNode tagKv = doc.putArray("tagKV");
    for (String term : tagTerms(span)) {
      tagKv.add(term);
    }
    doc.put("docKey", id);
    doc.put("otlp", otlp);
    return new Doc(id, doc);
  }

  /** The span a document holds, from its {@code otlp} record. */
  static Span spanOf(JsonNode source) {
    JsonNode otlp = source.get("otlp");
    if (otlp == null || otlp.isNull()) {
      throw new StorageException(
          "a span document without an 'otlp' record (written by another tool?) cannot be read",
          false);
    }
    try {
      List<Span> spans = SpanBinaryCodec.decode(otlp.binaryValue());
      if (spans.size() != 1) {
        throw new StorageException("a span document holds " + spans.size() + " spans", false);
      }
      return spans.getFirst();
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new StorageException("a corrupt span document: " + e.getMessage(), false, e);
    }
  }

  /**
   * The terms a tag search looks up: every attribute of the span, of its resource and of its events, and the tags
   * Jaeger derives, each as {@link #tagTerm}.
   */
  static Set<String> tagTerms(Span span) {
    Set<String> terms = new LinkedHashSet<>();
    span.attributes().forEach(a -> terms.add(tagTerm(a.key(), a.value().asText())));
    span.resource().attributes().forEach(a -> terms.add(tagTerm(a.key(), a.value().asText())));
    for (SpanEvent event : span.events()) {
      event.attributes().forEach(a -> terms.add(tagTerm(a.key(), a.value().asText())));
    }
    derivedTags(span).forEach((key, value) -> terms.add(tagTerm(key, value)));
    return terms;
  }

  /**
   * The indexed form of one tag: {@code key NUL value}, or, when that is long or the key holds a NUL, a digest of it
   * behind a 0x01 (no plain term starts with one that a real key would).
   */
  static String tagTerm(String key, String value) {
    if (key.length() + 1 + value.length() <= MAX_PLAIN_TAG_CHARS && key.indexOf('\0') < 0) {
      return key + '\0' + value;
    }
    return "\u0001" + digest(key, (key + '\0' + value).getBytes(StandardCharsets.UTF_8));
  }

  /** Jaeger's derived tags (as the contract's TraceQuery lists them), in a stable order. */
  private static java.util.Map<String, String> derivedTags(Span span) {
    java.util.Map<String, String> derived = new java.util.LinkedHashMap<>();
    if (span.kind() != SpanKind.UNSPECIFIED) {
      derived.put("span.kind", span.kind().jaegerName());
    }
    if (span.status().code() != StatusCode.UNSET) {
      derived.put("otel.status_code", span.status().code().name());
    }
    if (span.status().code() == StatusCode.ERROR) {
      derived.put("error", "true");
    }
    if (!span.status().message().isEmpty()) {
      derived.put("otel.status_description", span.status().message());
    }
    InstrumentationScope scope = span.scope();
    if (!scope.name().isEmpty()) {
      derived.put("otel.scope.name", scope.name());
    }
    if (!scope.version().isEmpty()) {
      derived.put("otel.scope.version", scope.version());
    }
    return derived;
  }

  private static void reference(ArrayNode references, String type, String traceId, String spanId) {
    references.addObject().put("refType", type).put("traceID", traceId).put("spanID", spanId);
  }

  private static void stringTag(ArrayNode tags, String key, String value) {
    tags.addObject().put("key", key).put("type", "string").put("value", value);
  }

  /** A tag in Jaeger's {key, type, value} shape, typed as Jaeger types it. */
  private static void jaegerTag(ArrayNode tags, String key, AttributeValue value) {
    ObjectNode tag = tags.addObject().put("key", key);
    switch (value) {
      case AttributeValue.BoolValue b -> tag.put("type", "bool").put("value", b.value());
      case AttributeValue.LongValue l -> tag.put("type", "int64").put("value", l.value());
      case AttributeValue.DoubleValue d -> tag.put("type", "float64").put("value", d.value());
      case AttributeValue.BytesValue b -> tag.put("type", "binary").put("value", b.asText());
      default -> tag.put("type", "string").put("value", value.asText());
    }
  }

  private static String digest(String prefix, byte[] bytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(prefix.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(bytes);
      byte[] full = sha.digest();
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(full, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
