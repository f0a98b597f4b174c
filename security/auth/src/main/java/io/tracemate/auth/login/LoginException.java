package io.tracemate.auth.login;

/**
 * A login (or a session's refresh) that cannot go on, with what the browser is told. No stack trace: it is a
 * verdict on input or on the issuer's answer, logged where it happens with the detail an operator needs.
 */
public final class LoginException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, with the {@code reason} label of {@code tracemate_auth_failures_total} and the HTTP status. */
  public enum Reason {
    /** The web UI's login is not configured ({@code auth.oidc.client-id}). */
    NOT_CONFIGURED("login_not_configured", 404),
    /** The callback's {@code state} is unknown, already used, expired, or not this browser's. */
    STATE("login_state", 400),
    /** The issuer sent the browser back with an error ({@code access_denied}, ...). */
    ISSUER_ERROR("login_issuer_error", 400),
    /** The issuer's token endpoint refused the code (reused, expired, wrong PKCE verifier or client). */
    CODE_REFUSED("login_code_refused", 400),
    /** The ID token failed validation (signature, issuer, audience, expiry, nonce). */
    ID_TOKEN("login_id_token", 400),
    /** Neither the access token nor the ID token is accepted as a bearer token by this server. */
    TOKENS_NOT_ACCEPTED("login_tokens_not_accepted", 403),
    /** The issuer cannot be reached or answered something unusable: not the user's fault, worth a retry. */
    ISSUER_UNAVAILABLE("login_issuer_unavailable", 503);

    private final String label;
    private final int httpStatus;

    Reason(String label, int httpStatus) {
      this.label = label;
      this.httpStatus = httpStatus;
    }

    public String label() {
      return label;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  public LoginException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
