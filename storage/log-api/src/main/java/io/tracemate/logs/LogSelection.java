package io.tracemate.logs;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.Tenants;
import java.util.List;
import java.util.Objects;

/**
 * Which streams of which tenant, over which time range: the part of a LogQL query the store answers from its
 * index.
 *
 * @param tenant the tenant (X-Scope-OrgID); single-tenant deployments use {@link #DEFAULT_TENANT}
 * @param matchers all must match (an empty list selects every stream)
 * @param startNanos inclusive, Unix epoch nanoseconds
 * @param endNanos exclusive
 */
public record LogSelection(
    String tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
  /** Loki's org ID when authentication is off. */
  public static final String DEFAULT_TENANT = Tenants.DEFAULT;

  public LogSelection {
    Objects.requireNonNull(tenant, "tenant");
    matchers = List.copyOf(matchers);
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          "end (" + endNanos + ") is before start (" + startNanos + ")");
    }
  }

  public boolean matches(LabelSet labels) {
    for (LabelMatcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public LogSelection withRange(long start, long end) {
    return new LogSelection(tenant, matchers, start, end);
  }
}
