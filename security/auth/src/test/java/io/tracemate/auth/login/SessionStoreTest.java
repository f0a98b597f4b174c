package io.tracemate.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final MutableTestClock clock = new MutableTestClock(NOW);

  private static SessionTokens tokens() {
    return new SessionTokens(
        "bearer", SessionTokens.Kind.ID_TOKEN, NOW.plusSeconds(300), "id", null);
  }

  @Test
  void holdsAtMostMaxSessionsEndingTheLeastRecentlyUsed() {
    SessionStore store = new SessionStore(3, clock);
    Session a = store.create("a", NOW.plusSeconds(3600), tokens());
    Session b = store.create("b", NOW.plusSeconds(3600), tokens());
    Session c = store.create("c", NOW.plusSeconds(3600), tokens());
    assertThat(store.find(a.id())).contains(a); // a is now the most recently used

    Session d = store.create("d", NOW.plusSeconds(3600), tokens());

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.find(a.id())).contains(a);
    assertThat(store.find(c.id())).contains(c);
    assertThat(store.find(d.id())).contains(d);
  }

  @Test
  void aSessionEndsAtItsEndTimeAndIsRemoved() {
    SessionStore store = new SessionStore(10, clock);
    Session session = store.create("alice", NOW.plusSeconds(60), tokens());
    clock.advance(Duration.ofSeconds(59));
    assertThat(store.find(session.id())).contains(session);
    clock.advance(Duration.ofSeconds(1));
    assertThat(store.find(session.id())).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void removeEndsASessionAndUnknownIdsFindNothing() {
    SessionStore store = new SessionStore(10, clock);
    Session session = store.create("alice", NOW.plusSeconds(60), tokens());
    assertThat(store.find("nope")).isEmpty();
    assertThat(store.find("")).isEmpty();
    assertThat(store.find(null)).isEmpty();
    assertThat(store.remove(session.id())).isTrue();
    assertThat(store.remove(session.id())).isFalse();
    assertThat(store.find(session.id())).isEmpty();
  }

  @Test
  void idsAreLongRandomAndDistinct() {
    SessionStore store = new SessionStore(1000, clock);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = store.create("u", NOW.plusSeconds(60), tokens()).id();
      assertThat(id).matches("[A-Za-z0-9_-]{43}"); // 32 bytes in base64url
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
    assertThat(store.create("u", NOW.plusSeconds(60), tokens()).toString())
        .doesNotContain("bearer");
  }

  /** A clock a test moves by hand. */
  static final class MutableTestClock extends java.time.Clock {
    private Instant now;

    MutableTestClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
