package io.tracemate.server.access;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.audit.AuditLog;
import io.tracemate.audit.AuditLogConfig;
import io.tracemate.auth.Authenticator;
import io.tracemate.auth.config.AuthConfig;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the access decorators of all listeners share: the route table, the authenticator, whether a tenant is
 * mandatory, the audit trail and the failure counter. Built once per server; {@link #decorator} makes the decorator
 * of one listener.
 *
 * <p>Thread-safe.
 */
public final class AccessPolicy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccessPolicy.class);

  private final RouteTable routes;
  private final boolean authEnabled;
  private final boolean multitenancy;
  private final boolean mayBlock;
  private final Authenticator authenticator; // null when authentication is off
  private final AuditLog auditLog; // null when the audit log is off
  private final AuditTrail audit;
  private final AccessMetrics metrics;

  private AccessPolicy(
      RouteTable routes,
      AuthConfig auth,
      boolean multitenancy,
      Authenticator authenticator,
      AuditLog auditLog,
      int maxPending,
      PrometheusRegistry registry) {
    this.routes = routes;
    this.authEnabled = auth.enabled();
    this.multitenancy = multitenancy;
    this.mayBlock = auth.oidc() != null;
    this.authenticator = authenticator;
    this.auditLog = auditLog;
    this.audit = new AuditTrail(auditLog, maxPending, registry);
    this.metrics = new AccessMetrics(registry);
  }

  /**
   * @param auditConfig the audit log's settings, or null when it is off
   * @throws IOException when the audit log cannot be opened (a damaged log stops the start: see {@link AuditLog})
   */
  public static AccessPolicy open(
      RouteTable routes,
      AuthConfig auth,
      boolean multitenancy,
      AuditLogConfig auditConfig,
      Clock clock,
      PrometheusRegistry registry)
      throws IOException {
    Authenticator authenticator = auth.enabled() ? new Authenticator(auth, clock) : null;
    if (authenticator != null) {
      // Early, so that a wrong issuer URL shows at start; tokens are still checked later if it is
      // down now.
      authenticator
          .fetchKeys()
          .ifPresent(
              problem ->
                  log.warn(
                      "auth.oidc: the issuer's keys could not be fetched at start ({}); bearer JWTs get"
                          + " 503 until they can be",
                      problem));
    }
    AuditLog auditLog = auditConfig == null ? null : AuditLog.open(auditConfig, clock);
    return new AccessPolicy(
        routes,
        auth,
        multitenancy,
        authenticator,
        auditLog,
        auditConfig == null ? Integer.MAX_VALUE : auditConfig.maxPending(),
        registry);
  }

  /** The decorator for one listener, answering refusals in its API family's {@code envelope}. */
  public AccessDecorator decorator(Envelope envelope) {
    return new AccessDecorator(this, envelope);
  }

  /** The audit log, or null when it is off (the admin API reads it). */
  public AuditLog auditLog() {
    return auditLog;
  }

  /**
   * Writes a run-time configuration change to the audit log (when it is on): an accepted or refused change of the
   * runtime overrides file.
   *
   * @see AuditTrail#configurationChanged
   */
  public void recordConfigurationChange(
      String actor,
      String action,
      String source,
      java.util.List<String> tenants,
      String detail,
      int status) {
    audit.configurationChanged(actor, action, source, tenants, detail, status);
  }

  RouteTable routes() {
    return routes;
  }

  boolean authEnabled() {
    return authEnabled;
  }

  boolean multitenancy() {
    return multitenancy;
  }

  /** Whether authenticating may block (fetching an OIDC issuer's keys): then it runs off the event loop. */
  boolean mayBlock() {
    return mayBlock;
  }

  Authenticator authenticator() {
    return authenticator;
  }

  AuditTrail audit() {
    return audit;
  }

  AccessMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() throws IOException {
    try {
      if (authenticator != null) {
        authenticator.close();
      }
    } finally {
      if (auditLog != null) {
        auditLog.close();
      }
    }
  }
}
