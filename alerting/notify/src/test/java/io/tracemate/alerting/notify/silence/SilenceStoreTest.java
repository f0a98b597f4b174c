package io.tracemate.alerting.notify.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceStoreTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);

  private SilenceStore open() {
    return new SilenceStore(dir, new SilenceSettings(Duration.ofHours(1), 2), clock);
  }

  private static SilenceStore.Request request(
      String id, String matcher, Instant start, Instant end) {
    return new SilenceStore.Request(
        id, List.of(LabelMatcher.parse(matcher)), start, end, "alice", "maintenance");
  }

  @Test
  void aSilenceMatchesItsTenantsAlertsWhileActiveAndSurvivesAReopen() {
    SilenceStore store = open();
    String id =
        store.upsert(
            A, request(null, "service=~\"check.*\"", T0.plusSeconds(60), T0.plusSeconds(600)));
    Map<String, String> labels = Map.of("alertname", "Errors", "service", "checkout");
    assertThat(store.get(Set.of(A), id).state(clock.instant())).isEqualTo(Silence.State.PENDING);
    assertThat(store.silenced(A, labels, T0)).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(store.silenced(A, labels, clock.instant())).isTrue();
    assertThat(store.silenced(B, labels, clock.instant())).isFalse();
    assertThat(store.silenced(A, Map.of("service", "cart"), clock.instant())).isFalse();

    SilenceStore reopened = open();
    Silence silence = reopened.get(Set.of(A), id);
    assertThat(silence.matchers()).containsExactly(LabelMatcher.parse("service=~\"check.*\""));
    assertThat(silence.createdBy()).isEqualTo("alice");
    assertThat(reopened.silenced(A, labels, clock.instant())).isTrue();
    assertThat(reopened.list(Set.of(B))).isEmpty();
    assertThatThrownBy(() -> reopened.get(Set.of(B), id))
        .isInstanceOf(SilenceNotFoundException.class);
    assertThatThrownBy(() -> reopened.expire(B, id)).isInstanceOf(SilenceNotFoundException.class);
  }

  @Test
  void expiringEndsItNowAndARetentionLaterItIsGoneAlsoFromDisk() {
    SilenceStore store = open();
    String id = store.upsert(A, request(null, "alertname=\"X\"", T0, T0.plusSeconds(3600)));
    clock.advance(Duration.ofMinutes(5));
    store.expire(A, id);
    Silence expired = store.get(Set.of(A), id);
    assertThat(expired.endsAt()).isEqualTo(clock.instant());
    assertThat(expired.state(clock.instant())).isEqualTo(Silence.State.EXPIRED);
    assertThat(store.silenced(A, Map.of("alertname", "X"), clock.instant())).isFalse();

    clock.advance(Duration.ofMinutes(61));
    store.collectGarbage();
    assertThat(store.list(Set.of(A))).isEmpty();
    assertThat(open().list(Set.of(A))).isEmpty();
  }

  @Test
  void updatingKeepsTheIdUnlessTheSilenceHasExpired() {
    SilenceStore store = open();
    String id = store.upsert(A, request(null, "alertname=\"X\"", T0, T0.plusSeconds(600)));
    assertThat(store.upsert(A, request(id, "alertname=\"Y\"", T0, T0.plusSeconds(900))))
        .isEqualTo(id);
    assertThat(store.get(Set.of(A), id).matchers().getFirst().value()).isEqualTo("Y");
    store.expire(A, id);
    String renewed = store.upsert(A, request(id, "alertname=\"Y\"", T0, T0.plusSeconds(900)));
    assertThat(renewed).isNotEqualTo(id);
    assertThatThrownBy(
            () -> store.upsert(B, request(id, "alertname=\"Y\"", T0, T0.plusSeconds(900))))
        .isInstanceOf(SilenceNotFoundException.class);
  }

  @Test
  void invalidSilencesAreRefusedWithWhatIsWrong() {
    SilenceStore store = open();
    assertThatThrownBy(
            () -> store.upsert(A, request(null, "alertname=~\".*\"", T0, T0.plusSeconds(60))))
        .hasMessageContaining("must not match the empty string");
    assertThatThrownBy(() -> store.upsert(A, request(null, "a=\"b\"", T0.plusSeconds(60), T0)))
        .hasMessageContaining("end time must be after start time");
    assertThatThrownBy(
            () ->
                store.upsert(
                    A, request(null, "a=\"b\"", T0.minusSeconds(120), T0.minusSeconds(60))))
        .hasMessageContaining("in the past");
    assertThatThrownBy(() -> store.upsert(A, request(null, "a=~\"(\"", T0, T0.plusSeconds(60))))
        .hasMessageContaining("invalid regex");
    assertThatThrownBy(
            () ->
                store.upsert(
                    A,
                    new SilenceStore.Request(
                        null,
                        List.of(LabelMatcher.parse("a=\"b\"")),
                        T0,
                        T0.plusSeconds(60),
                        "",
                        "x")))
        .hasMessageContaining("createdBy is required");
    store.upsert(A, request(null, "a=\"1\"", T0, T0.plusSeconds(60)));
    store.upsert(A, request(null, "a=\"2\"", T0, T0.plusSeconds(60)));
    assertThatThrownBy(() -> store.upsert(A, request(null, "a=\"3\"", T0, T0.plusSeconds(60))))
        .hasMessageContaining("max_per_tenant");
    store.upsert(B, request(null, "a=\"3\"", T0, T0.plusSeconds(60)));
  }

  @Test
  void aFileThatIsNotASilencesFileStopsTheStartInsteadOfBeingOverwritten() throws Exception {
    Files.writeString(dir.resolve(SilenceStore.FILE_NAME), "{\"silences\": [{\"id\": 1}]}");
    assertThatThrownBy(this::open).hasMessageContaining("malformed");
    assertThat(Files.readString(dir.resolve(SilenceStore.FILE_NAME))).contains("\"id\": 1");
  }
}
