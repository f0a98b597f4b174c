package io.tracemate.auth.oidc;

import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.List;

/**
 * What a verified token says about its bearer.
 *
 * @param subject the user claim's value
 * @param groups the groups claim's values (empty when the claim is absent)
 * @param tenants the tenant claim's values, in order (empty when none is configured or the claim is absent)
 * @param expiresAt the token's {@code exp}
 */
public record VerifiedJwt(
    String subject, List<String> groups, List<TenantId> tenants, Instant expiresAt) {
  public VerifiedJwt {
    groups = List.copyOf(groups);
    tenants = List.copyOf(tenants);
  }
}
