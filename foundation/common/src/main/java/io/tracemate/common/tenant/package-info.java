/**
 * Who a signal belongs to. A {@link io.tracemate.common.tenant.TenantId} follows the rules of Loki, Tempo and Mimir
 * (dskit's {@code tenant.ValidTenantID}), so an ID that works in one of them works here and the other way round; a
 * {@link io.tracemate.common.tenant.TenantScope} is the set of tenants one read covers ({@code X-Scope-OrgID: a|b}).
 *
 * <p>Single-tenant operation uses {@link io.tracemate.common.tenant.TenantId#DEFAULT} ({@code fake}, Loki's own name
 * for it), so data written before multitenancy was turned on stays readable by the tenant a request without a
 * header gets.
 */
package io.tracemate.common.tenant;
