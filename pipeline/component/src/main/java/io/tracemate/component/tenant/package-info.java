/**
 * Pipeline state per tenant, done once for every component that keeps any (span metrics, the service graph, tail
 * sampling).
 *
 * <p>{@link io.tracemate.component.tenant.PerTenant} holds one component's state per tenant: made by the
 * component's factory on the tenant's first batch (the factory is given the tenant: that is where per-tenant
 * settings from the runtime overrides file will come in), looked up once per batch (never per span: a batch is one
 * tenant's), forgotten after {@link io.tracemate.component.tenant.TenantStateLimits#idleTimeout()} without data,
 * and bounded to {@link io.tracemate.component.tenant.TenantStateLimits#maxTenants()} tenants. At the bound a new
 * tenant gets no state rather than pushing out one already held: the spans are still stored (they were
 * acknowledged), only this component does not see them, which is counted. Evicting the least recently used tenant
 * instead would let anyone who can name tenants (multitenancy off: anyone) wipe the state of the others.
 *
 * <p>{@link io.tracemate.component.tenant.TenantMetrics} is how such a component's Prometheus series reach
 * /metrics: per request scope, not through the shared registry, so a tenant's series and exemplars (trace IDs) are
 * shown to callers allowed on that tenant only. With multitenancy off, nothing changes from before tenants: no
 * {@code tenant} label, every tenant's series.
 */
package io.tracemate.component.tenant;
