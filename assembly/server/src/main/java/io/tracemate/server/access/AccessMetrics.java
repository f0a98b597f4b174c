package io.tracemate.server.access;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code tracemate_auth_failures_total{reason}}: refused requests by why. The reasons are the
 * {@link io.tracemate.auth.AuthFailure.Reason} labels ({@code missing}, {@code invalid}, {@code expired}, ...) and
 * the decorator's own below. Thread-safe.
 */
final class AccessMetrics {
  /** Authenticated, but the route's permission is missing on a tenant of the scope (403). */
  static final String FORBIDDEN = "forbidden";

  /** Multitenancy on and the request names no tenant (401). */
  static final String NO_TENANT = "no_org_id";

  /** {@code X-Scope-OrgID} is not a valid tenant scope, or names several tenants for a write (400). */
  static final String INVALID_TENANT = "invalid_tenant";

  /** A WebSocket handshake's credential subprotocol is not base64url (400). */
  static final String INVALID_CREDENTIALS = "invalid_credentials";

  /** The route is missing from the route table (403): a bug, never a caller's fault. */
  static final String UNDECLARED_ROUTE = "undeclared_route";

  /** A request with the web UI's session cookie from another origin, or a change without X-Requested-With (403). */
  static final String CROSS_SITE = "cross_site";

  /** The audit log cannot take the record of a query (503). */
  static final String AUDIT_OVERLOADED = "audit_overloaded";

  private final Counter failures;

  AccessMetrics(PrometheusRegistry registry) {
    failures =
        Counter.builder()
            .name("tracemate_auth_failures_total")
            .help("Requests refused by authentication, authorization or tenant checks, by reason")
            .labelNames("reason")
            .register(registry);
  }

  void failed(String reason) {
    failures.labelValues(reason).inc();
  }
}
