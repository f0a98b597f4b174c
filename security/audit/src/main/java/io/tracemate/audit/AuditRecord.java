package io.tracemate.audit;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit log: the event, its place in the chain and its hash.
 *
 * @param seq its number, 1 for the first record ever, one more for each next one, across files
 * @param time when it was appended, as {@link Instant#toString()} writes it (UTC)
 * @param prevHash the hash of the record before (64 zeros for the first)
 * @param hash SHA-256, in hex, of {@code prevHash} followed by this record's canonical JSON without {@code hash}
 *     ({@link AuditCodec#unsignedJson})
 */
public record AuditRecord(
    long seq,
    String time,
    String actor,
    String method,
    List<String> tenants,
    String action,
    String endpoint,
    String query,
    int status,
    long bytesScanned,
    long resultBytes,
    long durationMs,
    String prevHash,
    String hash) {

  /** The {@code prevHash} of the first record. */
  public static final String GENESIS = "0".repeat(64);

  public AuditRecord {
    tenants = List.copyOf(tenants);
  }

  public Instant instant() {
    return Instant.parse(time);
  }

  /** The event this record holds. */
  public AuditEvent event() {
    return new AuditEvent(
        actor,
        method,
        tenants,
        action,
        endpoint,
        query,
        status,
        bytesScanned,
        resultBytes,
        durationMs);
  }
}
