package io.tracemate.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A role a principal holds on one tenant, as Grafana names them, plus {@code writer} for agents and collectors.
 * Roles are sets of {@link Permission}s and not a ladder: {@code admin} does not ingest (an agent's token should
 * be able to write and nothing else, and an administrator's account should not be an agent's), and {@code writer}
 * cannot read back what it wrote.
 */
public enum Role {
  /** Reads: traces, logs, topology, RED. */
  VIEWER(EnumSet.of(Permission.READ)),
  /** Reads, and changes rules and silences. */
  EDITOR(EnumSet.of(Permission.READ, Permission.WRITE_RULES)),
  /** Reads, changes rules, and administers the tenant: overrides, retention, the audit log. */
  ADMIN(EnumSet.of(Permission.READ, Permission.WRITE_RULES, Permission.ADMIN)),
  /** Ingests only: what an agent's or collector's API token gets. */
  WRITER(EnumSet.of(Permission.INGEST));

  private final Set<Permission> permissions;

  Role(EnumSet<Permission> permissions) {
    this.permissions = java.util.Collections.unmodifiableSet(permissions);
  }

  public Set<Permission> permissions() {
    return permissions;
  }

  public boolean allows(Permission permission) {
    return permissions.contains(permission);
  }

  /** The name in the configuration: {@code viewer}, {@code editor}, {@code admin}, {@code writer}. */
  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException listing the roles there are
   */
  @JsonCreator
  public static Role parse(String name) {
    for (Role role : values()) {
      if (role.configName().equals(name)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + name
            + "': use one of "
            + Arrays.stream(values()).map(Role::configName).collect(Collectors.joining(", ")));
  }
}
