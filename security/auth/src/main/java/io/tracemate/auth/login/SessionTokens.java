package io.tracemate.auth.login;

import java.time.Instant;

/**
 * The tokens of a {@link Session}.
 *
 * @param bearer the token the session's API calls are authenticated with, as if the browser sent it as
 *     {@code Authorization: Bearer}: the access token when the authenticator accepts it, else the ID token
 * @param kind which of the two {@code bearer} is (a refresh picks the same one again)
 * @param bearerExpiresAt the bearer's {@code exp}
 * @param idToken the ID token (the {@code id_token_hint} of the issuer's logout)
 * @param refreshToken the refresh token, or null when the issuer gave none
 */
public record SessionTokens(
    String bearer, Kind kind, Instant bearerExpiresAt, String idToken, String refreshToken) {

  /** Which token authenticates the session's calls. */
  public enum Kind {
    ACCESS_TOKEN,
    ID_TOKEN
  }

  @Override
  public String toString() {
    return "SessionTokens[" + kind + ", expires " + bearerExpiresAt + "]"; // never a token
  }
}
