package io.tracemate.server.access;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.auth.AuthFailure;
import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Authorizer;
import io.tracemate.auth.Permission;
import io.tracemate.auth.Principal;
import io.tracemate.auth.RequestIdentity;
import io.tracemate.common.tenant.InvalidTenantException;
import io.tracemate.common.tenant.TenantScope;
import java.util.concurrent.CompletableFuture;

/**
 * Who may call what, in front of every route of one listener. For each request:
 *
 * <ol>
 *   <li>the route's rule from the {@link RouteTable}: open routes pass untouched; a route the table does not
 *       declare is refused (403), whatever the configuration;</li>
 *   <li>a browser's WebSocket handshake has its token and tenant taken from its subprotocol list
 *       ({@link WebSocketCredentials}), since a page cannot send headers on one;</li>
 *   <li>the tenant scope asked for: {@code X-Scope-OrgID} (HTTP header or gRPC metadata; {@code a|b} for several),
 *       refused with 400 naming the rule when it is not a valid tenant ID;</li>
 *   <li>with authentication on, the {@link io.tracemate.auth.Authenticator} over {@code Authorization}, else the
 *       web UI's session cookie (whose session supplies the token; such a request must not come from another
 *       origin, and one that changes something must carry {@code X-Requested-With}: 403 otherwise), else a client
 *       certificate the TLS session verified (off the event loop when an OIDC issuer is configured, since fetching
 *       its keys may block): 401 ({@code WWW-Authenticate: Bearer}) or 503 when the keys cannot be fetched;</li>
 *   <li>the scope: the header's, else the tenants the credential names, else {@code fake}; with multitenancy on, a
 *       request that names no tenant either way is refused (401 "no org id", as Loki); a write names one tenant;
 *       </li>
 *   <li>with authentication on, the {@link Authorizer}: the route's permission on every tenant of the scope, or
 *       403 naming the tenants refused.</li>
 * </ol>
 *
 * Every refusal is answered in the listener's {@link Envelope}, counted ({@link AccessMetrics}) and audited; an
 * allowed request carries its {@link RequestIdentity} in the request context, and a query (a READ or ADMIN route)
 * is audited once answered. With authentication off the decorator still resolves the scope, so services see the
 * same tenant either way, and nothing else changes.
 *
 * <p>Thread-safe; one per listener.
 */
public final class AccessDecorator implements DecoratingHttpServiceFunction {
  static final String TENANT_HEADER = "x-scope-orgid";

  private final AccessPolicy policy;
  private final Envelope envelope;

  public AccessDecorator(AccessPolicy policy, Envelope envelope) {
    this.policy = policy;
    this.envelope = envelope;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req)
      throws Exception {
    RouteTable.Rule rule = policy.routes().find(ctx.config().route()).orElse(null);
    if (rule == null) {
      return refuse(
          ctx,
          req.headers(),
          null,
          null,
          HttpStatus.FORBIDDEN,
          AccessMetrics.UNDECLARED_ROUTE,
          "this route declares no permission, so nobody may call it");
    }
    if (rule.open()) {
      return delegate.serve(ctx, req);
    }
    RequestHeaders lifted;
    try {
      lifted = WebSocketCredentials.lift(req.headers());
    } catch (IllegalArgumentException e) {
      return refuse(
          ctx,
          req.headers(),
          null,
          null,
          HttpStatus.BAD_REQUEST,
          AccessMetrics.INVALID_CREDENTIALS,
          e.getMessage());
    }
    return serveDeclared(
        delegate, ctx, lifted == req.headers() ? req : req.withHeaders(lifted), rule);
  }

  private HttpResponse serveDeclared(
      HttpService delegate, ServiceRequestContext ctx, HttpRequest req, RouteTable.Rule rule)
      throws Exception {
    Permission permission = rule.permissionFor(req.method());
    TenantScope asked;
    try {
      String header = req.headers().get(TENANT_HEADER);
      asked = header == null || header.isBlank() ? null : TenantScope.parse(header.strip());
    } catch (InvalidTenantException e) {
      return refuse(
          ctx,
          req.headers(),
          null,
          null,
          HttpStatus.BAD_REQUEST,
          AccessMetrics.INVALID_TENANT,
          "X-Scope-OrgID: " + e.getMessage());
    }
    if (!policy.authEnabled()) {
      return admit(delegate, ctx, req, permission, RequestIdentity.ANONYMOUS, asked);
    }
    if (policy.sessionId(req.headers()) != null
        && req.headers().get(HttpHeaderNames.AUTHORIZATION) == null) {
      String forged = policy.crossSiteProblem(req.headers()).orElse(null);
      if (forged != null) {
        return refuse(
            ctx,
            req.headers(),
            null,
            asked,
            HttpStatus.FORBIDDEN,
            AccessMetrics.CROSS_SITE,
            forged);
      }
    }
    CompletableFuture<AuthResult> authenticating = policy.authenticate(ctx, req.headers());
    if (authenticating.isDone()) {
      return authenticated(delegate, ctx, req, permission, asked, authenticating.join());
    }
    CompletableFuture<HttpResponse> answer =
        authenticating.thenApplyAsync(
            result -> {
              try {
                return authenticated(delegate, ctx, req, permission, asked, result);
              } catch (Exception e) {
                return HttpResponse.ofFailure(e);
              }
            },
            ctx.eventLoop());
    return HttpResponse.of(answer);
  }

  private HttpResponse authenticated(
      HttpService delegate,
      ServiceRequestContext ctx,
      HttpRequest req,
      Permission permission,
      TenantScope asked,
      AuthResult result)
      throws Exception {
    return switch (result) {
      case AuthResult.Refused refused -> {
        AuthFailure failure = refused.failure();
        yield refuse(
            ctx,
            req.headers(),
            null,
            asked,
            HttpStatus.valueOf(failure.reason().httpStatus()),
            failure.reason().label(),
            failure.message());
      }
      case AuthResult.Authenticated authenticated ->
          admit(delegate, ctx, req, permission, authenticated.principal(), asked);
    };
  }

  private HttpResponse admit(
      HttpService delegate,
      ServiceRequestContext ctx,
      HttpRequest req,
      Permission permission,
      Principal principal,
      TenantScope asked)
      throws Exception {
    TenantScope scope = asked;
    if (scope == null && !principal.credentialTenants().isEmpty()) {
      scope = TenantScope.of(principal.credentialTenants());
    }
    if (scope == null) {
      if (policy.multitenancy()) {
        return refuse(
            ctx,
            req.headers(),
            principal,
            null,
            HttpStatus.UNAUTHORIZED,
            AccessMetrics.NO_TENANT,
            "no org id: send X-Scope-OrgID with the tenant");
      }
      scope = TenantScope.DEFAULT;
    }
    if ((permission == Permission.INGEST || permission == Permission.WRITE_RULES)
        && !scope.isSingle()) {
      return refuse(
          ctx,
          req.headers(),
          principal,
          scope,
          HttpStatus.BAD_REQUEST,
          AccessMetrics.INVALID_TENANT,
          "X-Scope-OrgID: a write goes to one tenant, not " + scope.header());
    }
    if (policy.authEnabled()) {
      Authorizer.Decision decision = Authorizer.decide(principal, permission, scope);
      if (!decision.allowed()) {
        return refuse(
            ctx,
            req.headers(),
            principal,
            scope,
            HttpStatus.FORBIDDEN,
            AccessMetrics.FORBIDDEN,
            decision.message());
      }
    }
    // Rule changes are audited as queries are: who changed which tenant's alerting, and when.
    boolean query =
        permission == Permission.READ
            || permission == Permission.ADMIN
            || permission == Permission.WRITE_RULES;
    AuditTrail audit = policy.audit();
    if (query && audit.overloaded()) {
      return refuse(
          ctx,
          req.headers(),
          principal,
          scope,
          HttpStatus.SERVICE_UNAVAILABLE,
          AccessMetrics.AUDIT_OVERLOADED,
          "the audit log is behind; retry shortly");
    }
    ctx.setAttr(RequestIdentity.KEY, new RequestIdentity(principal, scope));
    if (query) {
      boolean change =
          permission == Permission.WRITE_RULES
              && req.method() != com.linecorp.armeria.common.HttpMethod.GET
              && req.method() != com.linecorp.armeria.common.HttpMethod.HEAD;
      audit.queryAnswered(ctx, principal, scope, change ? AuditTrail.CHANGE : AuditTrail.QUERY);
    }
    return delegate.serve(ctx, req);
  }

  private HttpResponse refuse(
      ServiceRequestContext ctx,
      RequestHeaders headers,
      Principal principal,
      TenantScope scope,
      HttpStatus status,
      String reason,
      String message) {
    policy.metrics().failed(reason);
    policy.audit().denied(ctx, principal, scope, status);
    return envelope.refuse(headers, status, message).toHttpResponse();
  }
}
