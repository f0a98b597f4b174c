package io.tracemate.auth;

import io.tracemate.common.tenant.TenantId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Who sent a request and what it may do where: the roles it holds on each tenant.
 *
 * <p>Immutable.
 *
 * @param subject the user (the OIDC token's user claim), the API token's name or the certificate's common name
 * @param method how it authenticated
 * @param grants its roles per tenant; a tenant not in the map grants nothing
 * @param credentialTenants the tenants the credential itself names, in its order: an API token's tenant, the OIDC
 *     token's tenant claim. They say which tenant a request without {@code X-Scope-OrgID} is about (when the
 *     configuration takes the tenant from the credential); they grant nothing by themselves
 */
public record Principal(
    String subject,
    AuthMethod method,
    Map<TenantId, Set<Role>> grants,
    List<TenantId> credentialTenants) {

  public Principal {
    if (subject == null || subject.isEmpty()) {
      throw new IllegalArgumentException("a principal has a subject");
    }
    TreeMap<TenantId, Set<Role>> copy = new TreeMap<>();
    grants.forEach(
        (tenant, roles) -> {
          if (!roles.isEmpty()) {
            copy.put(tenant, Collections.unmodifiableSet(EnumSet.copyOf(roles)));
          }
        });
    grants = Collections.unmodifiableMap(copy);
    credentialTenants = List.copyOf(credentialTenants);
  }

  /** The roles held on {@code tenant} (empty when none). */
  public Set<Role> rolesOn(TenantId tenant) {
    return grants.getOrDefault(tenant, Set.of());
  }

  /** Whether some role on {@code tenant} allows {@code permission}. */
  public boolean may(Permission permission, TenantId tenant) {
    for (Role role : rolesOn(tenant)) {
      if (role.allows(permission)) {
        return true;
      }
    }
    return false;
  }

  /** The permissions held on {@code tenant}. */
  public Set<Permission> permissionsOn(TenantId tenant) {
    EnumSet<Permission> all = EnumSet.noneOf(Permission.class);
    rolesOn(tenant).forEach(role -> all.addAll(role.permissions()));
    return all;
  }
}
