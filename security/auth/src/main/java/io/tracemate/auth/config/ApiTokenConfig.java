package io.tracemate.auth.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.auth.Role;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantId;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One API token of {@code auth.tokens}: the token itself is never stored, only its SHA-256 ({@code tracemate
 * token create} prints a new token and its hash).
 *
 * @param name who it is for; the principal's subject in the audit log (required)
 * @param sha256 the token's SHA-256 in hex, 64 characters (required)
 * @param tenant the one tenant it acts on (default {@code fake}, the tenant of single-tenant operation)
 * @param role what it may do there (required), typically {@code writer} for agents and collectors
 */
public record ApiTokenConfig(
    @JsonProperty("name") String name,
    @JsonProperty("sha256") String sha256,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("role") Role role) {

  public ApiTokenConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("token name is required");
    }
    if (sha256 == null || sha256.length() != 64 || !isHex(sha256)) {
      throw new IllegalArgumentException(
          "token '"
              + name
              + "': sha256 must be the token's SHA-256 as 64 hex digits (tracemate token create prints it)");
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
    tenant = tenant == null ? TenantId.DEFAULT.value() : tenant;
    try {
      TenantId.parse(tenant);
    } catch (InvalidTenantException e) {
      throw new IllegalArgumentException("token '" + name + "': tenant: " + e.getMessage());
    }
    if (role == null) {
      throw new IllegalArgumentException(
          "token '" + name + "': role is required (viewer, editor, admin or writer)");
    }
  }

  public TenantId tenantId() {
    return TenantId.parse(tenant);
  }

  /** The hash as bytes. */
  public byte[] hashBytes() {
    return HexFormat.of().parseHex(sha256);
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.digit(text.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }
}
