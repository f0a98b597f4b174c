package io.tracemate.logql.engine;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;
import java.util.Objects;

/**
 * One LogQL query as the Loki HTTP API receives it.
 *
 * @param tenants the tenants whose streams are read; with several, each stream carries Loki's
 *     {@code __tenant_id__} label and matchers on it narrow the tenants ({@link io.tracemate.logs.CrossTenantReader})
 * @param query LogQL text
 * @param startNanos start of the range, Unix epoch nanoseconds (inclusive for log queries)
 * @param endNanos end of the range (exclusive for log queries, the last possible step for metric queries)
 * @param stepNanos step of a range metric query; ignored for log and instant queries
 * @param intervalNanos log queries only: at most one entry per interval (Loki's {@code interval}); 0 = none
 * @param direction order of log entries
 * @param limit maximum number of log entries returned (log queries); 0 or less means Loki's default, 100; more than
 *     {@link EngineLimits#maxEntries()} fails with max_entries_limit_per_query
 * @param instant evaluate at {@code endNanos} only ({@code /query}); otherwise a range query
 *     ({@code /query_range}) over [start, end] by step. Log queries cannot be instant queries (as in Loki).
 */
public record LogQueryRequest(
    TenantScope tenants,
    String query,
    long startNanos,
    long endNanos,
    long stepNanos,
    long intervalNanos,
    Direction direction,
    int limit,
    boolean instant) {
  public LogQueryRequest {
    Objects.requireNonNull(tenants, "tenants");
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(direction, "direction");
  }
}
