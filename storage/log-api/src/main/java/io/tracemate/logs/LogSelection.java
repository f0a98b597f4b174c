package io.tracemate.logs;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.model.LabelSet;
import java.util.List;
import java.util.Objects;

/**
 * Which streams of which tenants, over which time range: the part of a LogQL query the store answers from its
 * index.
 *
 * @param tenants the tenants whose streams are read (X-Scope-OrgID; {@code a|b} for a cross-tenant read);
 *     single-tenant deployments use {@link TenantScope#DEFAULT}. A store never returns a stream of a tenant outside
 *     it.
 * @param matchers all must match (an empty list selects every stream)
 * @param startNanos inclusive, Unix epoch nanoseconds
 * @param endNanos exclusive
 */
public record LogSelection(
    TenantScope tenants, List<LabelMatcher> matchers, long startNanos, long endNanos) {
  /** Loki's org ID when authentication is off. */
  public static final String DEFAULT_TENANT = TenantId.DEFAULT.value();

  public LogSelection {
    Objects.requireNonNull(tenants, "tenants");
    matchers = List.copyOf(matchers);
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          "end (" + endNanos + ") is before start (" + startNanos + ")");
    }
  }

  /** The selection of one tenant's streams. */
  public static LogSelection of(
      TenantId tenant, List<LabelMatcher> matchers, long startNanos, long endNanos) {
    return new LogSelection(TenantScope.of(tenant), matchers, startNanos, endNanos);
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
    return new LogSelection(tenants, matchers, start, end);
  }

  /** The same range and matchers over other tenants. */
  public LogSelection withTenants(TenantScope other) {
    return new LogSelection(other, matchers, startNanos, endNanos);
  }

  /** The same tenants and range with other matchers. */
  public LogSelection withMatchers(List<LabelMatcher> other) {
    return new LogSelection(tenants, other, startNanos, endNanos);
  }
}
