package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The {@code auth.rbac} block: who holds which role on which tenants.
 *
 * @param bindings the role bindings (default none: an OIDC user or a client certificate holds no role anywhere)
 */
public record RbacConfig(@JsonProperty("bindings") List<RoleBinding> bindings) {
  public static final RbacConfig DEFAULTS = new RbacConfig(null);

  public RbacConfig {
    bindings = bindings == null ? List.of() : List.copyOf(bindings);
  }
}
