package io.tracemate.storage;

import io.tracemate.common.tenant.TenantScope;
import java.time.Instant;
import java.util.List;

/** Service-to-service call counts, derived from parent/child spans that belong to different services. */
public interface DependencyReader {

  /**
   * Links between services for spans of the scope's tenants that started in {@code [start, end)}; one entry per
   * (parent, child) pair, sorted by parent then child. Parent and child are joined within one tenant's trace only;
   * the counts of several tenants add up.
   */
  List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end);
}
