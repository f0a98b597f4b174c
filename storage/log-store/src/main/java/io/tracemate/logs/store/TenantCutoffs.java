package io.tracemate.logs.store;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The last retention run's cutoffs (epoch nanoseconds), kept in the state file: a tenant's streams in a partition
 * that ends at or before its cutoff are hidden from reads until the partition is rewritten without them, across a
 * restart too, and its late entries for such a partition are not written. Immutable.
 *
 * @param defaultNanos the cutoff of every tenant not in {@code byTenant}
 * @param byTenant the cutoffs of tenants with their own
 */
record TenantCutoffs(long defaultNanos, Map<String, Long> byTenant) {
  static final TenantCutoffs NONE = new TenantCutoffs(Long.MIN_VALUE, Map.of());

  TenantCutoffs {
    byTenant = Map.copyOf(byTenant);
  }

  static TenantCutoffs of(RetentionPolicy policy) {
    Map<String, Long> byTenant = new HashMap<>();
    for (Map.Entry<TenantId, Instant> entry : policy.cutoffByTenant().entrySet()) {
      byTenant.put(entry.getKey().value(), nanos(entry.getValue()));
    }
    return new TenantCutoffs(nanos(policy.defaultCutoff()), byTenant);
  }

  long cutoffFor(String tenant) {
    Long own = byTenant.get(tenant);
    return own == null ? defaultNanos : own;
  }

  /** Epoch nanoseconds, saturated at the ends of {@code long}. */
  static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
