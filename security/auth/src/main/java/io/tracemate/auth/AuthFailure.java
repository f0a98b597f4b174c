package io.tracemate.auth;

/**
 * Why a request could not be authenticated, with a message for the caller. The message helps a legitimate user fix
 * their request ("token expired") and says nothing an attacker could probe with: every reason that a forged token
 * could provoke (a bad signature, an unknown key, an unaccepted algorithm, an unknown API token) reads "invalid
 * token", and the claims (issuer, audience, times) are only looked at once the signature is known good.
 *
 * @param reason what went wrong, for the failure counter ({@link Reason#label()}) and the status
 * @param message what the caller is told
 */
public record AuthFailure(Reason reason, String message) {

  /** The kinds of failure, each with the label of {@code tracemate_auth_failures_total{reason}}. */
  public enum Reason {
    /** No credentials at all. */
    MISSING("missing", 401),
    /** An {@code Authorization} value that is not {@code Bearer <token>}, or not a token at all. */
    MALFORMED("malformed", 401),
    /** A bad signature, an unknown key, a refused algorithm ({@code none}, HS*), required claims missing. */
    INVALID("invalid", 401),
    /** A bearer value that is neither a configured API token nor (with OIDC on) a JWT. */
    UNKNOWN_TOKEN("unknown_token", 401),
    /** Past its {@code exp} by more than the clock skew. */
    EXPIRED("expired", 401),
    /** Before its {@code nbf} by more than the clock skew. */
    NOT_YET_VALID("not_yet_valid", 401),
    /** Signed by a key of the issuer's JWKS but naming another {@code iss}. */
    WRONG_ISSUER("wrong_issuer", 401),
    /** Issued for another audience (another client of the same identity provider). */
    WRONG_AUDIENCE("wrong_audience", 401),
    /** A web UI session cookie naming no session: logged out, expired, ended at a restart or evicted. */
    SESSION_ENDED("session_ended", 401),
    /** The issuer's keys could not be fetched: not the caller's fault, worth a retry. */
    KEYS_UNAVAILABLE("keys_unavailable", 503);

    private final String label;
    private final int httpStatus;

    Reason(String label, int httpStatus) {
      this.label = label;
      this.httpStatus = httpStatus;
    }

    public String label() {
      return label;
    }

    /** 401 for the caller's credentials, 503 when the server could not check them. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  static AuthFailure of(Reason reason, String message) {
    return new AuthFailure(reason, message);
  }

  static AuthFailure invalid() {
    return new AuthFailure(Reason.INVALID, "invalid token");
  }
}
