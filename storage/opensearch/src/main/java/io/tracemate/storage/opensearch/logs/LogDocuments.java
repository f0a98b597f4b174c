package io.tracemate.storage.opensearch.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logs.LogStorageException;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.storage.opensearch.OpenSearchHttp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One document per log entry, and the identities that make writes idempotent. Stateless.
 *
 * <ul>
 *   <li>A stream's fingerprint is the first 128 bits of SHA-256 over its tenant and sorted labels, as hex; the
 *       {@link StreamRef#id()} a reader hands out is its first 64 bits, so a reader computes it from the ref's
 *       tenant and labels alone.</li>
 *   <li>A document's ID is the first 128 bits of SHA-256 over the fingerprint, the timestamp, the line and the
 *       structured metadata: an entry written again (a WAL replay, a Kafka redelivery to another ingester whose
 *       sequence numbers differ) overwrites itself instead of doubling. Two identical entries of one stream at the
 *       same nanosecond are therefore one entry, which is Loki's rule too (its ingesters drop such duplicates).</li>
 * </ul>
 */
final class LogDocuments {
  static final String TENANT = "tenant";
  static final String STREAM = "stream";
  static final String LABELS = "labels";
  static final String LABEL = "label";
  static final String LABEL_NAME = "label_name";
  static final String TS = "ts";
  static final String SEQ = "seq";
  static final String POS = "pos";
  static final String LINE = "line";
  static final String LINE_BYTES = "line_bytes";
  static final String METADATA = "metadata";
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private LogDocuments() {}

  /** The stream's fingerprint: 32 hex digits. */
  static String fingerprint(TenantId tenant, LabelSet labels) {
    MessageDigest digest = sha256();
    update(digest, tenant.value());
    for (Label label : labels.labels()) {
      update(digest, label.name());
      update(digest, label.value());
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  /** The {@link StreamRef#id()} of a fingerprint: its first 64 bits. */
  static long streamId(String fingerprint) {
    return Long.parseUnsignedLong(fingerprint.substring(0, 16), 16);
  }

  static StreamRef streamRef(TenantId tenant, LabelSet labels) {
    return new StreamRef(streamId(fingerprint(tenant, labels)), tenant, labels);
  }

  /** The document ID of an entry of a stream (see the class comment). */
  static String documentId(String fingerprint, LogEntry entry) {
    MessageDigest digest = sha256();
    update(digest, fingerprint);
    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(entry.timestampNanos()).array());
    update(digest, entry.line());
    for (Label label : entry.metadata().labels()) {
      update(digest, label.name());
      update(digest, label.value());
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(java.util.Arrays.copyOf(digest.digest(), 16));
  }

  /**
   * The source of an entry's document.
   *
   * @param sequence the WAL sequence of the write (0 without one) and
   * @param position the entry's place in it: with the timestamp, the order of reads (ties keep arrival order)
   */
  static byte[] source(
      TenantId tenant,
      String fingerprint,
      LabelSet labels,
      LogEntry entry,
      long sequence,
      long position) {
    ObjectNode doc = OpenSearchHttp.JSON.createObjectNode();
    doc.put(TENANT, tenant.value());
    doc.put(STREAM, fingerprint);
    doc.set(LABELS, object(labels));
    ArrayNode pairs = doc.putArray(LABEL);
    ArrayNode names = doc.putArray(LABEL_NAME);
    for (Label label : labels.labels()) {
      pairs.add(label.name() + "=" + label.value());
      names.add(label.name());
    }
    doc.put(TS, entry.timestampNanos());
    doc.put(SEQ, sequence);
    doc.put(POS, position);
    doc.put(LINE, entry.line());
    doc.put(LINE_BYTES, entry.lineBytes());
    if (!entry.metadata().isEmpty()) {
      doc.set(METADATA, object(entry.metadata()));
    }
    if (entry.traceId() != null) {
      doc.put(TRACE_ID, entry.traceId().toLowerCase(java.util.Locale.ROOT));
    }
    if (entry.spanId() != null) {
      doc.put(SPAN_ID, entry.spanId().toLowerCase(java.util.Locale.ROOT));
    }
    try {
      return OpenSearchHttp.JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new LogStorageException("cannot encode a log document: " + e.getMessage(), false, e);
    }
  }

  /** The entry a document's source holds (its line, timestamp and metadata). */
  static LogEntry entry(JsonNode source) {
    return new LogEntry(
        source.path(TS).asLong(), source.path(LINE).asText(), labelSet(source.path(METADATA)));
  }

  /** The stream a document's source belongs to. */
  static StreamRef stream(JsonNode source) {
    return new StreamRef(
        streamId(source.path(STREAM).asText()),
        new TenantId(source.path(TENANT).asText()),
        labelSet(source.path(LABELS)));
  }

  static LabelSet labelSet(JsonNode object) {
    if (!object.isObject() || object.isEmpty()) {
      return LabelSet.EMPTY;
    }
    List<Label> labels = new ArrayList<>(object.size());
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      labels.add(new Label(field.getKey(), field.getValue().asText()));
    }
    return new LabelSet(labels);
  }

  private static ObjectNode object(LabelSet labels) {
    ObjectNode object = OpenSearchHttp.JSON.createObjectNode();
    for (Label label : labels.labels()) {
      object.put(label.name(), label.value());
    }
    return object;
  }

  private static void update(MessageDigest digest, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
