package io.tracemate.server.access;

import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.audit.AuditLog;
import io.tracemate.audit.AuditLogConfig;
import io.tracemate.auth.AuthFailure;
import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Authenticator;
import io.tracemate.auth.Credentials;
import io.tracemate.auth.config.AuthConfig;
import io.tracemate.auth.login.OidcLogin;
import java.io.IOException;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
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
  private final OidcLogin login; // null without the web UI's OIDC login
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
      Clock clock,
      PrometheusRegistry registry) {
    this.routes = routes;
    this.authEnabled = auth.enabled();
    this.multitenancy = multitenancy;
    this.mayBlock = auth.oidc() != null;
    this.authenticator = authenticator;
    this.login =
        authenticator != null && auth.oidc() != null && auth.oidc().loginEnabled()
            ? new OidcLogin(auth.oidc(), authenticator, clock)
            : null;
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
        clock,
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

  /** The web UI's OIDC login, or null when there is none (authentication off, or no {@code auth.oidc.client-id}). */
  public OidcLogin login() {
    return login;
  }

  /** Whether requests must authenticate ({@code auth.enabled}). */
  public boolean authenticationRequired() {
    return authEnabled;
  }

  /** Whether every request must name its tenant ({@code multitenancy.enabled}). */
  public boolean tenantRequired() {
    return multitenancy;
  }

  /**
   * Who sent a request: its {@code Authorization}, else its web UI session cookie (the session's token, refreshed
   * if need be, goes through the same authenticator), else the client certificate the TLS session verified. Runs
   * off the event loop when that may block (an OIDC issuer is configured); call only with authentication on.
   */
  CompletableFuture<AuthResult> authenticate(ServiceRequestContext ctx, RequestHeaders headers) {
    String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
    String certificate = clientSubject(ctx);
    String session = authorization == null ? sessionId(headers) : null;
    if (!mayBlock) {
      return CompletableFuture.completedFuture(
          authenticator.authenticate(new Credentials(authorization, certificate)));
    }
    return CompletableFuture.supplyAsync(
        () -> {
          if (session == null) {
            return authenticator.authenticate(new Credentials(authorization, certificate));
          }
          Optional<String> bearer = login.bearer(session);
          if (bearer.isEmpty()) {
            return new AuthResult.Refused(
                new AuthFailure(
                    AuthFailure.Reason.SESSION_ENDED, "your session has ended: log in again"));
          }
          return authenticator.authenticate(new Credentials("Bearer " + bearer.get(), certificate));
        },
        ctx.blockingTaskExecutor());
  }

  /** The web UI session ID the request's cookie carries, when the login is configured and there is one. */
  String sessionId(RequestHeaders headers) {
    if (login == null) {
      return null;
    }
    for (Cookie cookie : headers.cookies()) {
      if (cookie.name().equals(OidcLogin.SESSION_COOKIE)) {
        return cookie.value();
      }
    }
    return null;
  }

  /**
   * Why a request authenticated by the session cookie must be refused as possibly forged by another site, or empty.
   * The cookie is SameSite=Lax, which keeps it off cross-site subrequests but not off requests from another port or
   * subdomain of the same site, so: a request carrying {@code Origin} (every cross-origin fetch, every POST, every
   * WebSocket) must come from this server's origin, and one that may change something (not GET, HEAD or OPTIONS)
   * must carry {@code X-Requested-With}, a header no page of another origin can add without a CORS preflight this
   * server never grants.
   */
  Optional<String> crossSiteProblem(RequestHeaders headers) {
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (origin != null && !sameOrigin(origin, headers)) {
      return Optional.of(
          "cross-origin request refused: the session cookie only serves this server's own pages");
    }
    HttpMethod method = headers.method();
    boolean safe =
        method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
    if (!safe && headers.get(HttpHeaderNames.X_REQUESTED_WITH) == null) {
      return Optional.of(
          "X-Requested-With is missing: a change made with the session cookie must come from the web UI");
    }
    return Optional.empty();
  }

  private boolean sameOrigin(String origin, RequestHeaders headers) {
    if (login != null && origin.equalsIgnoreCase(login.origin())) {
      return true;
    }
    try {
      URI uri = new URI(origin);
      String authority = headers.authority();
      return uri.getRawAuthority() != null
          && authority != null
          && uri.getRawAuthority()
              .toLowerCase(Locale.ROOT)
              .equals(authority.toLowerCase(Locale.ROOT));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** The subject of the client certificate the TLS handshake verified, if the connection has one. */
  private static String clientSubject(ServiceRequestContext ctx) {
    SSLSession session = ctx.sslSession();
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate certificate
          ? certificate.getSubjectX500Principal().getName()
          : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
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
