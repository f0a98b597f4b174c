package io.tracemate.audit;

import java.util.List;

/**
 * What happened, as the caller reports it; the log adds the sequence number, the time and the chain hashes.
 * Text fields are cut to a bound ({@link #MAX_QUERY_CHARS} for the query, {@link #MAX_FIELD_CHARS} for the others,
 * marked with {@code …}) so that one record stays small whatever a request carried.
 *
 * @param actor who: the principal's subject, or {@code anonymous}
 * @param method how they authenticated ({@code oidc}, {@code api_token}, {@code client_certificate}, {@code none})
 * @param tenants the tenants the request named (its scope), empty when it named none
 * @param action what kind of thing was done: {@code query}, {@code denied}, {@code rules.change}, ...
 * @param endpoint the route, e.g. {@code GET /loki/api/v1/query_range}
 * @param query the query or the change, as sent (null when there is none)
 * @param status the status answered (HTTP status, or the gRPC status mapped to HTTP)
 * @param bytesScanned what the request read from the stores (0 when not measured)
 * @param resultBytes the size of the answer
 * @param durationMs how long it took
 */
public record AuditEvent(
    String actor,
    String method,
    List<String> tenants,
    String action,
    String endpoint,
    String query,
    int status,
    long bytesScanned,
    long resultBytes,
    long durationMs) {

  /** Longest query kept; longer ones are cut and marked. */
  public static final int MAX_QUERY_CHARS = 8 * 1024;

  /** Longest actor, method, action, endpoint and tenant kept. */
  public static final int MAX_FIELD_CHARS = 512;

  /** Most tenants kept (a scope names at most 50). */
  public static final int MAX_TENANTS = 64;

  public AuditEvent {
    actor = cut(required(actor, "actor"), MAX_FIELD_CHARS);
    method = cut(required(method, "method"), MAX_FIELD_CHARS);
    action = cut(required(action, "action"), MAX_FIELD_CHARS);
    endpoint = cut(required(endpoint, "endpoint"), MAX_FIELD_CHARS);
    query = query == null ? null : cut(query, MAX_QUERY_CHARS);
    tenants =
        tenants == null
            ? List.of()
            : tenants.stream().limit(MAX_TENANTS).map(t -> cut(t, MAX_FIELD_CHARS)).toList();
  }

  private static String required(String value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("an audit event needs its " + name);
    }
    return value;
  }

  private static String cut(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
