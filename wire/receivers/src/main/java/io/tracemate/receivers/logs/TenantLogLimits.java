package io.tracemate.receivers.logs;

/**
 * The {@link LogLimits} in force for each tenant: the configured limits, or a tenant's runtime overrides (Loki's
 * {@code runtime_config}). Asked once per push, so a change applies from the next push on. Implementations are
 * thread-safe and cheap (a map lookup), since every push asks.
 */
@FunctionalInterface
public interface TenantLogLimits {
  LogLimits forTenant(String tenant);

  /** The same limits for every tenant. */
  static TenantLogLimits fixed(LogLimits limits) {
    return tenant -> limits;
  }
}
