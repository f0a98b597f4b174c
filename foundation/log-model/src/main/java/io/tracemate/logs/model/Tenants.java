package io.tracemate.logs.model;

/** Log tenants (Loki's org IDs, sent as {@code X-Scope-OrgID}). */
public final class Tenants {
  /** Loki's org ID when multi-tenancy is off ({@code auth_enabled: false}): every push and query uses it. */
  public static final String DEFAULT = "fake";

  private Tenants() {}
}
