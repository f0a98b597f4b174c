/**
 * The web UI's login at the OIDC issuer, run by the server for the browser (a backend for frontend):
 * {@link io.tracemate.auth.login.OidcLogin} drives the authorization code flow with PKCE (S256), {@code state} and
 * {@code nonce} on the Nimbus OAuth 2.0 / OpenID Connect SDK, and keeps the issuer's tokens in a
 * {@link io.tracemate.auth.login.SessionStore}; the browser holds only a random session ID in an HttpOnly,
 * SameSite=Lax cookie.
 *
 * <p>Why on the server and not in the browser: tokens in a page's JavaScript are one XSS away from being read, and
 * a server-side client can be confidential (a client secret) and refresh tokens without exposing them. Why the
 * session's calls go through the same {@link io.tracemate.auth.Authenticator} as bearer tokens: one place decides
 * who a request is and what it may do, whether it came from the UI, Grafana or a script, and a token that expires
 * or loses its roles at the issuer stops working for the UI as for everyone.
 *
 * <p>Everything here is bounded: logins in flight ({@link io.tracemate.auth.login.PendingLogins}, anyone can start
 * one), sessions ({@code auth.oidc.max-sessions}, least recently used first out), each session's life
 * ({@code auth.oidc.session-max-age}), and every call to the issuer (time-outs, answer sizes).
 */
package io.tracemate.auth.login;
