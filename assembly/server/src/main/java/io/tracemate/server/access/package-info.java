/**
 * Access to every listener: the {@link io.tracemate.server.access.RouteTable} (the one table of the permission each
 * route needs; undeclared routes are refused), the {@link io.tracemate.server.access.AccessDecorator} in front of
 * every route of every listener (credentials → principal, {@code X-Scope-OrgID} → tenant scope, permission check,
 * refusals in the listener's {@link io.tracemate.server.access.Envelope}), the failure counter and the audit trail
 * of queries and refusals, and the web UI's sign-in endpoints ({@link io.tracemate.server.access.LoginEndpoints}).
 *
 * <p>The web UI's session cookie is a credential like a bearer token, resolved to the session's token and checked by
 * the same authenticator, so the UI never has more (or less) than its user's roles. Because browsers attach the
 * cookie by themselves, a request carrying it must not come from another origin ({@code Origin}), and one that may
 * change something must carry {@code X-Requested-With}, which another origin cannot add without a CORS preflight
 * this server never answers. A WebSocket handshake cannot carry headers from a page either, so the UI's live tail
 * offers its token and tenant as subprotocol entries ({@link io.tracemate.server.access.WebSocketCredentials}),
 * lifted into the headers before anything reads them: the same checks then apply, and nothing is echoed.
 *
 * <p>The libraries decide (who a credential is, whether a role allows a permission on a tenant, how the audit log is
 * chained); this package only wires them to requests. The tenant scope it puts in the request context
 * ({@link io.tracemate.auth.RequestIdentity}) is what the Loki API and the log receivers act on, so a request is
 * served for the tenant it was authorized for, spans and logs alike.
 */
package io.tracemate.server.access;
