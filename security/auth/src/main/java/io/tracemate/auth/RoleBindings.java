package io.tracemate.auth;

import io.tracemate.auth.config.RbacConfig;
import io.tracemate.auth.config.RoleBinding;
import io.tracemate.common.tenant.TenantId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The roles the configured bindings give a user (by subject and groups) or a client certificate (by common name).
 *
 * <p>Immutable and thread-safe.
 */
public final class RoleBindings {
  private final List<RoleBinding> bindings;

  public RoleBindings(RbacConfig config) {
    this.bindings = config.bindings();
  }

  /** The grants of an OIDC user with this subject and these groups. */
  public Map<TenantId, Set<Role>> forUser(String subject, Collection<String> groups) {
    Map<TenantId, Set<Role>> grants = new HashMap<>();
    for (RoleBinding binding : bindings) {
      if (binding.subjects().contains(subject) || intersects(binding.groups(), groups)) {
        add(grants, binding);
      }
    }
    return grants;
  }

  /** The grants of a client certificate with this common name. */
  public Map<TenantId, Set<Role>> forCertificate(String commonName) {
    Map<TenantId, Set<Role>> grants = new HashMap<>();
    for (RoleBinding binding : bindings) {
      if (binding.certificates().contains(commonName)) {
        add(grants, binding);
      }
    }
    return grants;
  }

  private static void add(Map<TenantId, Set<Role>> grants, RoleBinding binding) {
    for (TenantId tenant : binding.tenantIds()) {
      grants.computeIfAbsent(tenant, t -> EnumSet.noneOf(Role.class)).add(binding.role());
    }
  }

  private static boolean intersects(List<String> bound, Collection<String> held) {
    for (String group : held) {
      if (bound.contains(group)) {
        return true;
      }
    }
    return false;
  }
}
