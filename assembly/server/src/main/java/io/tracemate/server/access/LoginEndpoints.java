package io.tracemate.server.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.Cookie;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.ServerCacheControl;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.auth.AuthResult;
import io.tracemate.auth.Permission;
import io.tracemate.auth.Principal;
import io.tracemate.auth.Role;
import io.tracemate.auth.login.LoginException;
import io.tracemate.auth.login.OidcLogin;
import io.tracemate.common.tenant.TenantId;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The web UI's sign-in endpoints, on the query port:
 *
 * <ul>
 *   <li>{@code GET /auth/login?return=/path}: starts the OIDC login (302 to the issuer) and sets the login cookie
 *       holding its {@code state};</li>
 *   <li>{@code GET /auth/callback}: completes it, sets the session cookie (HttpOnly, SameSite=Lax, Secure when the
 *       browser reaches the server over https) and sends the browser back where it was; a failed login is a short
 *       page saying why, with a link to start again;</li>
 *   <li>{@code GET /auth/me}: what the UI needs to know: whether authentication is on and how to sign in
 *       ({@code oidc} or {@code token}), then who the caller is and its roles and permissions on each tenant, or a
 *       401 with the same two facts;</li>
 *   <li>{@code POST /auth/logout}: ends the session (with {@code X-Requested-With}, as every change made with the
 *       cookie) and answers where to go to end it at the issuer too.</li>
 * </ul>
 *
 * Refused logins are counted in {@code tracemate_auth_failures_total} under their reason and audited as denied.
 *
 * <p>Thread-safe.
 */
public final class LoginEndpoints {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccessPolicy policy;
  private final OidcLogin login; // null without the OIDC login
  private final boolean secure;

  /**
   * @param tls whether the query port itself speaks TLS (the cookies are then Secure, as they are when the
   *     configured redirect URL is https)
   */
  public LoginEndpoints(AccessPolicy policy, boolean tls) {
    this.policy = policy;
    this.login = policy.login();
    this.secure = tls || (login != null && login.secureCookies());
  }

  /** Registers the four routes on {@code sb} (always, so that the UI can ask {@code /auth/me} with auth off). */
  public void addTo(ServerBuilder sb) {
    sb.route().get("/auth/login").build((ctx, req) -> start(ctx, req.headers()));
    sb.route().get("/auth/callback").build((ctx, req) -> callback(ctx, req.headers()));
    sb.route().get("/auth/me").build((ctx, req) -> me(ctx, req.headers()));
    sb.route().post("/auth/logout").build((ctx, req) -> logout(req.headers()));
  }

  /** How the UI signs in: {@code none} (auth off), {@code oidc}, or {@code token} (an API token pasted in). */
  private String loginMode() {
    if (!policy.authenticationRequired()) {
      return "none";
    }
    return login != null ? "oidc" : "token";
  }

  private HttpResponse start(ServiceRequestContext ctx, RequestHeaders headers) {
    if (login == null) {
      return json(
          HttpStatus.NOT_FOUND,
          error("this server has no OIDC login (auth.oidc.client-id): sign in with an API token"));
    }
    String returnTo = query(ctx).get("return");
    return HttpResponse.of(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                OidcLogin.Start started = login.start(returnTo);
                Cookie state =
                    Cookie.secureBuilder(OidcLogin.LOGIN_COOKIE, started.state())
                        .secure(secure)
                        .sameSite("Lax")
                        .path("/auth/callback")
                        .maxAge(OidcLogin.LOGIN_TIMEOUT.toSeconds())
                        .build();
                return redirect(started.authorizationUri().toString(), state);
              } catch (LoginException e) {
                return failedLogin(ctx, e);
              }
            },
            ctx.blockingTaskExecutor()));
  }

  private HttpResponse callback(ServiceRequestContext ctx, RequestHeaders headers) {
    if (login == null) {
      return json(HttpStatus.NOT_FOUND, error("this server has no OIDC login"));
    }
    String cookieState = cookie(headers, OidcLogin.LOGIN_COOKIE);
    QueryParams query = query(ctx);
    Map<String, String> params = new HashMap<>();
    for (String name : new String[] {"state", "code", "error", "error_description"}) {
      String value = query.get(name);
      if (value != null) {
        params.put(name, value);
      }
    }
    return HttpResponse.of(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                OidcLogin.Completed completed = login.complete(cookieState, params);
                Cookie session =
                    Cookie.secureBuilder(OidcLogin.SESSION_COOKIE, completed.session().id())
                        .secure(secure)
                        .sameSite("Lax")
                        .path("/")
                        .build();
                return redirect(
                    completed.returnTo(),
                    session,
                    expired(OidcLogin.LOGIN_COOKIE, "/auth/callback"));
              } catch (LoginException e) {
                return failedLogin(ctx, e);
              }
            },
            ctx.blockingTaskExecutor()));
  }

  private HttpResponse me(ServiceRequestContext ctx, RequestHeaders headers) {
    ObjectNode body = JSON.createObjectNode();
    body.put("authEnabled", policy.authenticationRequired());
    body.put("login", loginMode());
    body.put("multitenancy", policy.tenantRequired());
    if (!policy.authenticationRequired()) {
      body.putNull("user");
      body.putArray("tenants");
      return json(HttpStatus.OK, body);
    }
    if (policy.sessionId(headers) != null && headers.get(HttpHeaderNames.AUTHORIZATION) == null) {
      Optional<String> forged = policy.crossSiteProblem(headers);
      if (forged.isPresent()) {
        return json(HttpStatus.FORBIDDEN, body.put("error", forged.get()));
      }
    }
    return HttpResponse.of(
        policy
            .authenticate(ctx, headers)
            .thenApply(
                result ->
                    switch (result) {
                      case AuthResult.Refused refused ->
                          json(
                              HttpStatus.valueOf(refused.failure().reason().httpStatus()),
                              body.put("error", refused.failure().message()));
                      case AuthResult.Authenticated authenticated ->
                          json(HttpStatus.OK, describe(body, authenticated.principal()));
                    }));
  }

  private HttpResponse logout(RequestHeaders headers) {
    String session = policy.sessionId(headers);
    if (session == null) {
      return json(HttpStatus.OK, JSON.createObjectNode().put("logoutUrl", "/"));
    }
    Optional<String> forged = policy.crossSiteProblem(headers);
    if (forged.isPresent()) {
      return json(HttpStatus.FORBIDDEN, error(forged.get()));
    }
    Optional<URI> atIssuer = login.logout(session);
    ObjectNode body =
        JSON.createObjectNode().put("logoutUrl", atIssuer.map(URI::toString).orElse("/"));
    return HttpResponse.of(
        ResponseHeaders.builder(HttpStatus.OK)
            .contentType(MediaType.JSON_UTF_8)
            .set(HttpHeaderNames.CACHE_CONTROL, ServerCacheControl.DISABLED.asHeaderValue())
            .add(
                HttpHeaderNames.SET_COOKIE,
                expired(OidcLogin.SESSION_COOKIE, "/").toSetCookieHeader())
            .build(),
        HttpData.ofUtf8(body.toString()));
  }

  /**
   * The caller and its grants: each tenant it holds a role on, with the roles and the permissions they give, and
   * the tenant to start on (the first its credential names that it holds a role on, else {@code fake} when held,
   * else the first held).
   */
  private ObjectNode describe(ObjectNode body, Principal principal) {
    body.put("user", principal.subject());
    body.put("method", principal.method().label());
    ArrayNode tenants = body.putArray("tenants");
    principal
        .grants()
        .forEach(
            (tenant, roles) -> {
              ObjectNode entry = tenants.addObject().put("id", tenant.value());
              ArrayNode roleNames = entry.putArray("roles");
              roles.stream().map(Role::configName).forEach(roleNames::add);
              ArrayNode permissions = entry.putArray("permissions");
              for (Permission permission : principal.permissionsOn(tenant)) {
                permissions.add(permission.name().toLowerCase(Locale.ROOT));
              }
            });
    body.put("defaultTenant", defaultTenant(principal).value());
    return body;
  }

  private static TenantId defaultTenant(Principal principal) {
    Set<TenantId> held = principal.grants().keySet();
    for (TenantId named : principal.credentialTenants()) {
      if (held.contains(named)) {
        return named;
      }
    }
    if (held.contains(TenantId.DEFAULT)) {
      return TenantId.DEFAULT;
    }
    if (!held.isEmpty()) {
      return held.iterator().next();
    }
    return principal.credentialTenants().isEmpty()
        ? TenantId.DEFAULT
        : principal.credentialTenants().get(0);
  }

  private HttpResponse failedLogin(ServiceRequestContext ctx, LoginException e) {
    HttpStatus status = HttpStatus.valueOf(e.reason().httpStatus());
    policy.metrics().failed(e.reason().label());
    policy.audit().denied(ctx, null, null, status);
    String page =
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Tracemate: login failed</title></head>
        <body style="font-family: sans-serif; max-width: 40em; margin: 4em auto">
        <h1>Login failed</h1>
        <p data-test="login-error">%s</p>
        <p><a href="/auth/login">Log in again</a></p>
        </body></html>
        """
            .formatted(html(e.getMessage()));
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.HTML_UTF_8)
            .set(HttpHeaderNames.CACHE_CONTROL, ServerCacheControl.DISABLED.asHeaderValue())
            .add(
                HttpHeaderNames.SET_COOKIE,
                expired(OidcLogin.LOGIN_COOKIE, "/auth/callback").toSetCookieHeader())
            .build(),
        HttpData.ofUtf8(page));
  }

  private static HttpResponse redirect(String location, Cookie... cookies) {
    ResponseHeadersBuilder headers =
        ResponseHeaders.builder(HttpStatus.FOUND)
            .set(HttpHeaderNames.LOCATION, location)
            .set(HttpHeaderNames.CACHE_CONTROL, ServerCacheControl.DISABLED.asHeaderValue());
    for (Cookie cookie : cookies) {
      headers.add(HttpHeaderNames.SET_COOKIE, cookie.toSetCookieHeader());
    }
    return HttpResponse.of(headers.build());
  }

  private Cookie expired(String name, String path) {
    return Cookie.secureBuilder(name, "")
        .secure(secure)
        .sameSite("Lax")
        .path(path)
        .maxAge(0)
        .build();
  }

  private static QueryParams query(ServiceRequestContext ctx) {
    return ctx.query() == null ? QueryParams.of() : QueryParams.fromQueryString(ctx.query());
  }

  private static String cookie(RequestHeaders headers, String name) {
    for (Cookie cookie : headers.cookies()) {
      if (cookie.name().equals(name)) {
        return cookie.value();
      }
    }
    return null;
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static HttpResponse json(HttpStatus status, ObjectNode body) {
    return HttpResponse.of(
        ResponseHeaders.builder(status)
            .contentType(MediaType.JSON_UTF_8)
            .set(HttpHeaderNames.CACHE_CONTROL, ServerCacheControl.DISABLED.asHeaderValue())
            .build(),
        HttpData.ofUtf8(body.toString()));
  }

  private static String html(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
