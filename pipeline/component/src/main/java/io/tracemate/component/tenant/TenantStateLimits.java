package io.tracemate.component.tenant;

import java.time.Duration;
import java.util.Objects;

/**
 * How many tenants a component keeps state for at once, and after how long without data a tenant's state is
 * forgotten.
 *
 * @param maxTenants tenants held at once; data of a further tenant is not observed by the component (counted)
 *     until an idle tenant is forgotten, so that a flood of new tenant IDs cannot push out the state of tenants
 *     already held
 * @param idleTimeout a tenant without data for this long is forgotten; longer than what its state retains (a day
 *     of RED series) loses nothing a read could still see
 */
public record TenantStateLimits(int maxTenants, Duration idleTimeout) {
  /** 100 tenants, forgotten after 25 hours without data (the RED series keep 24 hours). */
  public static final TenantStateLimits DEFAULTS = new TenantStateLimits(100, Duration.ofHours(25));

  public TenantStateLimits {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxTenants < 1) {
      throw new IllegalArgumentException("maxTenants must be at least 1, got " + maxTenants);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
    }
  }
}
