package io.tracemate.common.tenant;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one retention run keeps: every record of a tenant older than that tenant's cutoff goes, every younger one
 * stays. A tenant named in {@link #cutoffByTenant()} has its own cutoff (an override, earlier or later than the
 * default); every other tenant, {@link TenantId#DEFAULT} included unless named, has {@link #defaultCutoff()}.
 *
 * <p>Stores delete in units of their own (a time partition, a chunk), so "older than the cutoff" means "in a unit
 * that ends at or before the cutoff": a record may outlive its cutoff by up to one unit, never the other way round.
 * Both span and log stores take the same policy (see {@code StorageBackend.enforceRetention} and
 * {@code LogStore.enforceRetention} for when each reclaims the space).
 *
 * <p>Immutable; the map is copied.
 *
 * @param defaultCutoff the cutoff of every tenant without an override
 * @param cutoffByTenant the cutoffs of tenants with an override of their own
 */
public record RetentionPolicy(Instant defaultCutoff, Map<TenantId, Instant> cutoffByTenant) {

  public RetentionPolicy {
    Objects.requireNonNull(defaultCutoff, "defaultCutoff");
    cutoffByTenant = Map.copyOf(cutoffByTenant);
  }

  /** One cutoff for every tenant (single-tenant operation, or no overrides). */
  public static RetentionPolicy uniform(Instant cutoff) {
    return new RetentionPolicy(cutoff, Map.of());
  }

  /** The cutoff of {@code tenant}: its own when it has one, else the default. */
  public Instant cutoffFor(TenantId tenant) {
    return cutoffByTenant.getOrDefault(tenant, defaultCutoff);
  }

  /**
   * The earliest cutoff in force, that of the longest retention: what lies before it is no tenant's to keep, so a
   * store may drop it whole without looking at tenants.
   */
  public Instant earliestCutoff() {
    Instant earliest = defaultCutoff;
    for (Instant cutoff : cutoffByTenant.values()) {
      if (cutoff.isBefore(earliest)) {
        earliest = cutoff;
      }
    }
    return earliest;
  }
}
