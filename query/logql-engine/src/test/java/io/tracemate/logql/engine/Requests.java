package io.tracemate.logql.engine;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;

/**
 * Requests as the Loki HTTP API builds them, of the tenant {@code fake}: the three kinds a test sends, with
 * Loki's defaults where the kind has no use for a field (metric queries: backward, limit 100, no interval).
 */
final class Requests {
  static final TenantScope TENANT = TenantScope.DEFAULT;

  private Requests() {}

  /** A log query ({@code /query_range} on a log selector) over [start, end). */
  static LogQueryRequest logs(
      String query, long startNanos, long endNanos, Direction direction, int limit) {
    return new LogQueryRequest(TENANT, query, startNanos, endNanos, 0, 0, direction, limit, false);
  }

  /** A metric query evaluated at every step from start to end ({@code /query_range}). */
  static LogQueryRequest range(String query, long startNanos, long endNanos, long stepNanos) {
    return new LogQueryRequest(
        TENANT, query, startNanos, endNanos, stepNanos, 0, Direction.BACKWARD, 100, false);
  }

  /** A metric query evaluated once, at {@code atNanos} ({@code /query}). */
  static LogQueryRequest instant(String query, long atNanos) {
    return new LogQueryRequest(
        TENANT, query, atNanos, atNanos, 0, 0, Direction.BACKWARD, 100, true);
  }
}
