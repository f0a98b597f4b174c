package io.tracemate.auth;

/** What {@link Authenticator#authenticate} found: a principal, or why there is none. */
public sealed interface AuthResult {
  /** The request's sender is known. */
  record Authenticated(Principal principal) implements AuthResult {}

  /** The request is refused before anything else happens. */
  record Refused(AuthFailure failure) implements AuthResult {}
}
