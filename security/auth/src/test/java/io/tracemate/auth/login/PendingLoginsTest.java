package io.tracemate.auth.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingLoginsTest {
  private final SessionStoreTest.MutableTestClock clock =
      new SessionStoreTest.MutableTestClock(Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void aLoginIsTakenOnceOnly() {
    PendingLogins logins = new PendingLogins(10, Duration.ofMinutes(10), clock);
    CodeVerifier verifier = new CodeVerifier();
    logins.add("s1", verifier, new Nonce(), "/logs");
    PendingLogins.Pending taken = logins.take("s1").orElseThrow();
    assertThat(taken.verifier()).isEqualTo(verifier);
    assertThat(taken.returnTo()).isEqualTo("/logs");
    assertThat(logins.take("s1")).isEmpty(); // a replayed callback finds nothing
    assertThat(logins.take("never-issued")).isEmpty();
  }

  @Test
  void anExpiredLoginIsNotTaken() {
    PendingLogins logins = new PendingLogins(10, Duration.ofMinutes(10), clock);
    logins.add("s1", new CodeVerifier(), new Nonce(), "/");
    clock.advance(Duration.ofMinutes(10));
    assertThat(logins.take("s1")).isEmpty();
  }

  @Test
  void theTableIsBoundedDroppingTheOldestAndExpiredFirst() {
    PendingLogins logins = new PendingLogins(3, Duration.ofMinutes(10), clock);
    logins.add("old", new CodeVerifier(), new Nonce(), "/");
    clock.advance(Duration.ofMinutes(11));
    logins.add("a", new CodeVerifier(), new Nonce(), "/");
    assertThat(logins.size()).isEqualTo(1); // the expired one went when "a" came
    logins.add("b", new CodeVerifier(), new Nonce(), "/");
    logins.add("c", new CodeVerifier(), new Nonce(), "/");
    for (int i = 0; i < 1000; i++) {
      logins.add("flood-" + i, new CodeVerifier(), new Nonce(), "/");
    }
    assertThat(logins.size()).isEqualTo(3);
    assertThat(logins.take("a")).isEmpty();
    assertThat(logins.take("flood-999")).isPresent();
  }
}
