package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.TraceId;

/** What tells stored traces apart: one tenant's trace ID (one ID sent for two tenants is two traces). */
record TraceKey(TenantId tenant, TraceId traceId) {}
