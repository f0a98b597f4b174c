package io.tracemate.auth.login;

import java.time.Instant;

/**
 * One browser's login: the tokens the issuer gave it, held on the server (the browser only holds the session's
 * random ID in an HttpOnly cookie). {@link #tokens()} changes when they are refreshed.
 *
 * <p>Thread-safe: the tokens are replaced whole, and {@link OidcLogin} refreshes them under the session's lock.
 */
public final class Session {
  private final String id;
  private final String subject;
  private final Instant endsAt;
  private volatile SessionTokens tokens;

  Session(String id, String subject, Instant endsAt, SessionTokens tokens) {
    this.id = id;
    this.subject = subject;
    this.endsAt = endsAt;
    this.tokens = tokens;
  }

  /** The random ID the cookie carries. */
  public String id() {
    return id;
  }

  /** Who logged in (the user claim), for logs. */
  public String subject() {
    return subject;
  }

  /** When the session ends whatever its tokens say ({@code auth.oidc.session-max-age} after the login). */
  public Instant endsAt() {
    return endsAt;
  }

  public SessionTokens tokens() {
    return tokens;
  }

  void tokens(SessionTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public String toString() {
    return "Session[" + subject + ", ends " + endsAt + "]"; // never the ID or a token
  }
}
