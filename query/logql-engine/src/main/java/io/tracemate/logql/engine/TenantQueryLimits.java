package io.tracemate.logql.engine;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;

/**
 * The {@link EngineLimits} in force for each tenant: the configured ones, or a tenant's runtime overrides (Loki's
 * {@code runtime_config}). Asked once per query, so implementations are thread-safe and cheap: a map lookup that
 * hands back limits made once per tenant and overrides version, never new ones per query.
 */
@FunctionalInterface
public interface TenantQueryLimits {
  EngineLimits forTenant(TenantId tenant);

  /**
   * The limits of a query over {@code scope}: its tenant's, or with several tenants the {@link
   * EngineLimits#strictest} of each limit, as Loki runs a multi-tenant query.
   */
  default EngineLimits forScope(TenantScope scope) {
    if (scope.isSingle()) {
      return forTenant(scope.single());
    }
    EngineLimits strictest = null;
    for (TenantId tenant : scope.tenants()) {
      EngineLimits limits = forTenant(tenant);
      strictest = strictest == null ? limits : strictest.strictest(limits);
    }
    return strictest;
  }

  /** The same limits for every tenant. */
  static TenantQueryLimits fixed(EngineLimits limits) {
    return tenant -> limits;
  }
}
