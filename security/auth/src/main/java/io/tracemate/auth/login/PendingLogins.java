package io.tracemate.auth.login;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logins that were sent to the issuer and have not come back yet, by their {@code state}. Anyone can start a login
 * without credentials, so the table is bounded: past {@code max} entries the oldest is dropped (its browser then
 * gets "login expired, try again"), and an entry lives {@code ttl} at most. An entry is taken at most once: a
 * callback replayed with the same {@code state} (and code) finds nothing.
 *
 * <p>Thread-safe (one lock; every operation is O(1) amortised).
 */
public final class PendingLogins {
  /**
   * One login in flight.
   *
   * @param state the {@code state} sent to the issuer, also held by the browser's login cookie
   * @param verifier the PKCE code verifier, whose S256 challenge went to the issuer
   * @param nonce the {@code nonce} the ID token must carry
   * @param returnTo the page of this server the browser goes back to afterwards
   * @param expiresAt when the entry is forgotten
   */
  public record Pending(
      String state, CodeVerifier verifier, Nonce nonce, String returnTo, Instant expiresAt) {}

  private final int max;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Pending> byState = new LinkedHashMap<>();

  public PendingLogins(int max, Duration ttl, Clock clock) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
    this.max = max;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** Records a new login, dropping expired ones and, when full, the oldest. */
  public synchronized Pending add(
      String state, CodeVerifier verifier, Nonce nonce, String returnTo) {
    Instant now = clock.instant();
    dropExpired(now);
    while (byState.size() >= max) {
      Iterator<String> oldest = byState.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Pending pending = new Pending(state, verifier, nonce, returnTo, now.plus(ttl));
    byState.put(state, pending);
    return pending;
  }

  /** Takes the login of {@code state} out of the table: present once, and only before it expires. */
  public synchronized Optional<Pending> take(String state) {
    Pending pending = byState.remove(state);
    if (pending == null || !clock.instant().isBefore(pending.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(pending);
  }

  public synchronized int size() {
    return byState.size();
  }

  /** Entries are in insertion order, which is expiry order: drop from the head while expired. */
  private void dropExpired(Instant now) {
    Iterator<Map.Entry<String, Pending>> entries = byState.entrySet().iterator();
    while (entries.hasNext()) {
      if (now.isBefore(entries.next().getValue().expiresAt())) {
        return;
      }
      entries.remove();
    }
  }
}
