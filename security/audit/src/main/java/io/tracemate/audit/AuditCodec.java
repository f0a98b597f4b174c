package io.tracemate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The canonical JSON of a record, its hash, and reading a line back. Canonical means: the fields in one fixed order,
 * every field present ({@code query} may be {@code null}), no whitespace, Jackson's escaping (control characters
 * escaped, so a record is one line whatever its query holds). A line is exactly the canonical JSON with {@code hash}
 * as the last field, so any change to a line's bytes either breaks the canonical form or the hash.
 *
 * <p>Stateless and thread-safe.
 */
public final class AuditCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FIELDS =
      List.of(
          "seq",
          "time",
          "actor",
          "method",
          "tenants",
          "action",
          "endpoint",
          "query",
          "status",
          "bytesScanned",
          "resultBytes",
          "durationMs",
          "prevHash",
          "hash");

  private AuditCodec() {}

  /** The record's canonical JSON without its {@code hash}: what the hash covers (after {@code prevHash}). */
  public static String unsignedJson(AuditRecord record) {
    return write(unsigned(record));
  }

  /** The line as written, without the newline. */
  public static String line(AuditRecord record) {
    ObjectNode node = unsigned(record);
    node.put("hash", record.hash());
    return write(node);
  }

  /** SHA-256 of {@code prevHash} (its hex digits) followed by the canonical JSON without the hash, in hex. */
  public static String hash(AuditRecord record) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(record.prevHash().getBytes(StandardCharsets.UTF_8));
      digest.update(unsignedJson(record).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The record with its hash computed. */
  static AuditRecord sealed(AuditRecord unsealed) {
    String hash = hash(unsealed);
    return new AuditRecord(
        unsealed.seq(),
        unsealed.time(),
        unsealed.actor(),
        unsealed.method(),
        unsealed.tenants(),
        unsealed.action(),
        unsealed.endpoint(),
        unsealed.query(),
        unsealed.status(),
        unsealed.bytesScanned(),
        unsealed.resultBytes(),
        unsealed.durationMs(),
        unsealed.prevHash(),
        hash);
  }

  /**
   * Reads a line back.
   *
   * @throws IllegalArgumentException saying what is wrong: not JSON, a field missing, unknown or of the wrong type
   */
  public static AuditRecord parse(String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
      seen.add(name);
    }
    for (String field : FIELDS) {
      if (!seen.contains(field)) {
        throw new IllegalArgumentException("field '" + field + "' missing");
      }
    }
    JsonNode tenantsNode = node.get("tenants");
    if (!tenantsNode.isArray()) {
      throw new IllegalArgumentException("field 'tenants' is not an array");
    }
    List<String> tenants = new ArrayList<>();
    for (JsonNode tenant : tenantsNode) {
      tenants.add(text(tenant, "tenants"));
    }
    JsonNode query = node.get("query");
    return new AuditRecord(
        number(node.get("seq"), "seq"),
        text(node.get("time"), "time"),
        text(node.get("actor"), "actor"),
        text(node.get("method"), "method"),
        tenants,
        text(node.get("action"), "action"),
        text(node.get("endpoint"), "endpoint"),
        query.isNull() ? null : text(query, "query"),
        (int) number(node.get("status"), "status"),
        number(node.get("bytesScanned"), "bytesScanned"),
        number(node.get("resultBytes"), "resultBytes"),
        number(node.get("durationMs"), "durationMs"),
        text(node.get("prevHash"), "prevHash"),
        text(node.get("hash"), "hash"));
  }

  private static String text(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' is not a string");
    }
    return node.textValue();
  }

  private static long number(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new IllegalArgumentException("field '" + field + "' is not a whole number");
    }
    return node.longValue();
  }

  private static ObjectNode unsigned(AuditRecord record) {
    ObjectNode node = JSON.createObjectNode();
    node.put("seq", record.seq());
    node.put("time", record.time());
    node.put("actor", record.actor());
    node.put("method", record.method());
    ArrayNode tenants = node.putArray("tenants");
    record.tenants().forEach(tenants::add);
    node.put("action", record.action());
    node.put("endpoint", record.endpoint());
    node.put("query", record.query());
    node.put("status", record.status());
    node.put("bytesScanned", record.bytesScanned());
    node.put("resultBytes", record.resultBytes());
    node.put("durationMs", record.durationMs());
    node.put("prevHash", record.prevHash());
    return node;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serialises", e);
    }
  }
}
