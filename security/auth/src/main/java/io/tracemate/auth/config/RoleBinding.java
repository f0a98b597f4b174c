package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.auth.Role;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantId;
import java.util.List;

/**
 * One binding of {@code auth.rbac.bindings}: a role on some tenants for some users, groups and client
 * certificates, as Observatorium's {@code rbac.yaml} binds roles to subjects. A principal gets the role when any of
 * the three lists names it. The lists are kept apart so that a user can never be taken for a certificate of the
 * same name or the other way round.
 *
 * @param role the role (required)
 * @param tenants the tenants it is held on (default: {@code fake}, the tenant of single-tenant operation)
 * @param subjects OIDC users, by the value of the user claim ({@code sub} by default)
 * @param groups OIDC groups, by the values of the groups claim
 * @param certificates client certificates, by their subject's common name (CN)
 */
public record RoleBinding(
    @JsonProperty("role") Role role,
    @JsonProperty("tenants") List<String> tenants,
    @JsonProperty("subjects") List<String> subjects,
    @JsonProperty("groups") List<String> groups,
    @JsonProperty("certificates") List<String> certificates) {

  public RoleBinding {
    if (role == null) {
      throw new IllegalArgumentException(
          "a role binding needs a role (viewer, editor, admin or writer)");
    }
    tenants =
        tenants == null || tenants.isEmpty()
            ? List.of(TenantId.DEFAULT.value())
            : List.copyOf(tenants);
    subjects = subjects == null ? List.of() : List.copyOf(subjects);
    groups = groups == null ? List.of() : List.copyOf(groups);
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    for (String tenant : tenants) {
      try {
        TenantId.parse(tenant);
      } catch (InvalidTenantException e) {
        throw new IllegalArgumentException(
            "role binding " + role.configName() + ": tenants: " + e.getMessage());
      }
    }
    if (subjects.isEmpty() && groups.isEmpty() && certificates.isEmpty()) {
      throw new IllegalArgumentException(
          "role binding "
              + role.configName()
              + " on "
              + tenants
              + " binds nobody: give subjects, groups or certificates");
    }
  }

  public List<TenantId> tenantIds() {
    return tenants.stream().map(TenantId::parse).toList();
  }
}
