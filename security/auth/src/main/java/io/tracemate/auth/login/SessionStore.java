package io.tracemate.auth.login;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The web UI's sessions, in memory, by their random ID (32 bytes from a {@link SecureRandom}, base64url). Bounded:
 * past {@code max} sessions the least recently used one ends (its browser logs in again); a session found after its
 * {@link Session#endsAt()} is removed and not returned. Sessions are only made by a completed login at the issuer,
 * so the bound is about memory, never about who may log in. A restart ends every session.
 *
 * <p>Thread-safe (one lock; every operation is O(1) amortised).
 */
public final class SessionStore {
  /** Random bytes in a session ID: 256 bits, beyond guessing. */
  static final int ID_BYTES = 32;

  private final int max;
  private final Clock clock;
  private final SecureRandom random;
  // Access order: the head is the least recently used session.
  private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true);

  public SessionStore(int max, Clock clock, SecureRandom random) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.max = max;
    this.clock = clock;
    this.random = random;
  }

  public SessionStore(int max, Clock clock) {
    this(max, clock, new SecureRandom());
  }

  /** A new session with a fresh ID, ending the least recently used one when the store is full. */
  public Session create(String subject, Instant endsAt, SessionTokens tokens) {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Session session = new Session(id, subject, endsAt, tokens);
    synchronized (this) {
      while (sessions.size() >= max) {
        Iterator<String> leastRecent = sessions.keySet().iterator();
        leastRecent.next();
        leastRecent.remove();
      }
      sessions.put(id, session);
    }
    return session;
  }

  /** The session of {@code id}, if there is one and it has not ended; a lookup counts as a use. */
  public synchronized Optional<Session> find(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.empty();
    }
    Session session = sessions.get(id);
    if (session == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(session.endsAt())) {
      sessions.remove(id);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  /** Ends a session (logout, or tokens that can no longer be refreshed); true when there was one. */
  public synchronized boolean remove(String id) {
    return id != null && sessions.remove(id) != null;
  }

  public synchronized int size() {
    return sessions.size();
  }
}
