package io.tracemate.server.overrides;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.QueryLimitOverrides;
import io.tracemate.receivers.logs.LogLimitOverrides;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime overrides file, Loki's {@code runtime_config} shape: {@code overrides: {<tenant>: {<limit>: value}}}
 * with Loki's key names. Tenants are checked by Loki's tenant rule; an unknown key, a wrong type or a bad value
 * refuses the whole file (the {@code ConfigLoader} names the file, key path and line). Immutable.
 *
 * @param overrides per tenant, sorted by tenant
 */
public record RuntimeOverrides(@JsonProperty("overrides") Map<String, TenantOverrides> overrides) {
  public static final RuntimeOverrides NONE = new RuntimeOverrides(null);

  public RuntimeOverrides {
    TreeMap<String, TenantOverrides> sorted = new TreeMap<>();
    if (overrides != null) {
      for (Map.Entry<String, TenantOverrides> tenant : overrides.entrySet()) {
        try {
          TenantId.parse(tenant.getKey());
        } catch (InvalidTenantException e) {
          throw new IllegalArgumentException(
              "overrides: tenant '" + tenant.getKey() + "': " + e.getMessage());
        }
        sorted.put(
            tenant.getKey(), tenant.getValue() == null ? TenantOverrides.NONE : tenant.getValue());
      }
    }
    overrides = java.util.Collections.unmodifiableSortedMap(sorted);
  }

  /** The tenant's overrides; {@link TenantOverrides#NONE} when it has none. */
  public TenantOverrides tenant(String tenant) {
    return overrides.getOrDefault(tenant, TenantOverrides.NONE);
  }

  /** The tenant's log limit overrides; {@link LogLimitOverrides#NONE} when it has none. */
  public LogLimitOverrides logLimits(String tenant) {
    return tenant(tenant).logs();
  }

  /** The tenant's query limit overrides; {@link QueryLimitOverrides#NONE} when it has none. */
  public QueryLimitOverrides queryLimits(String tenant) {
    return tenant(tenant).query();
  }
}
