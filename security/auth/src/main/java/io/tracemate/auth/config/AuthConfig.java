package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code auth} block.
 *
 * <pre>{@code
 * auth:
 *   enabled: false          # off: every request is served as before, nobody is asked who they are
 *   oidc:                   # absent: no OIDC bearer tokens
 *     issuer: https://sso.example.com/realms/bank
 *     audience: tracemate
 *   tokens:                 # API tokens for agents and collectors, stored as SHA-256 hashes
 *     - {name: collector-eu, sha256: 3b1f..., tenant: team-a, role: writer}
 *   rbac:
 *     bindings:
 *       - {role: viewer, tenants: [team-a], groups: [team-a-devs]}
 * }</pre>
 *
 * @param enabled whether requests must authenticate (default false)
 * @param oidc the OIDC issuer whose bearer tokens are accepted, or null for none
 * @param tokens the API tokens (default none); names and hashes are unique
 * @param rbac who holds which role on which tenant (default: nobody holds any)
 */
public record AuthConfig(
    @JsonProperty("enabled") Boolean enabled,
    @JsonProperty("oidc") OidcConfig oidc,
    @JsonProperty("tokens") List<ApiTokenConfig> tokens,
    @JsonProperty("rbac") RbacConfig rbac) {

  public static final AuthConfig DEFAULTS = new AuthConfig(null, null, null, null);

  public AuthConfig {
    enabled = enabled != null && enabled;
    tokens = tokens == null ? List.of() : List.copyOf(tokens);
    rbac = rbac == null ? RbacConfig.DEFAULTS : rbac;
    if (enabled
        && oidc == null
        && tokens.isEmpty()
        && rbac.bindings().stream().allMatch(binding -> binding.certificates().isEmpty())) {
      throw new IllegalArgumentException(
          "auth.enabled is true but nobody could authenticate: configure auth.oidc, auth.tokens, or role"
              + " bindings for client certificates");
    }
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      ApiTokenConfig token = tokens.get(i);
      if (!names.add(token.name())) {
        throw new IllegalArgumentException(
            "tokens[" + i + "].name: '" + token.name() + "' is used by an earlier token");
      }
      if (!hashes.add(token.sha256())) {
        throw new IllegalArgumentException(
            "tokens[" + i + "].sha256: the same hash as an earlier token (one secret, two names)");
      }
    }
  }

  /** Whether any way to authenticate with a bearer value is configured. */
  public boolean acceptsBearerTokens() {
    return oidc != null || !tokens.isEmpty();
  }
}
