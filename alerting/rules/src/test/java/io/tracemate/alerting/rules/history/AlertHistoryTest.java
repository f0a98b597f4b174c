package io.tracemate.alerting.rules.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert history on disk: filters and limits, its bounds in entries and age, tenants apart, crashes. */
class AlertHistoryTest {
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(T0);

  private static AlertTransition transition(
      TenantId tenant, Instant time, String alertname, HistoryState to, String service) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("alertname", alertname);
    labels.put("service_name", service);
    labels.put("severity", "critical");
    return new AlertTransition(
        tenant,
        time,
        "ns",
        "group",
        to == HistoryState.PENDING ? null : HistoryState.PENDING,
        to,
        labels,
        Map.of("summary", service + " fails", "description", "x".repeat(5000)),
        0.25,
        time,
        new AlertTransition.EvidenceSummary(
            3,
            List.of("0af7651916cd43dd8448eb211c80319c", "1", "2", "3", "4", "5", "6"),
            "level=error " + "y".repeat(500)));
  }

  private static HistoryQuery all(int limit) {
    return new HistoryQuery(
        Instant.EPOCH, T0.plus(Duration.ofDays(365)), Set.of(), l -> true, limit);
  }

  @Test
  void keepsEveryTransitionWithItsDetailsAndAnswersNewestFirstThroughFiltersAndLimits() {
    AlertHistory history = new AlertHistory(dir, AlertHistorySettings.DEFAULTS, clock);
    history.record(
        A,
        List.of(
            transition(A, T0, "ErrorRate", HistoryState.PENDING, "checkout"),
            transition(A, T0, "Latency", HistoryState.PENDING, "cart")));
    history.record(
        A,
        List.of(transition(A, T0.plusSeconds(60), "ErrorRate", HistoryState.FIRING, "checkout")));
    history.record(
        B,
        List.of(transition(B, T0.plusSeconds(90), "ErrorRate", HistoryState.FIRING, "checkout")));
    history.record(
        A,
        List.of(
            transition(A, T0.plusSeconds(120), "ErrorRate", HistoryState.RESOLVED, "checkout")));
    history.close();

    // Read by a fresh instance, as after a restart.
    AlertHistory reopened = new AlertHistory(dir, AlertHistorySettings.DEFAULTS, clock);
    List<AlertTransition> entries = reopened.read(TenantScope.of(A), all(100));
    assertThat(entries)
        .extracting(e -> e.alertname() + " " + e.to())
        .as("newest first; of one time, the last written first")
        .containsExactly(
            "ErrorRate RESOLVED", "ErrorRate FIRING", "Latency PENDING", "ErrorRate PENDING");
    AlertTransition firing = entries.get(1);
    assertThat(firing.tenant()).isEqualTo(A);
    assertThat(firing.time()).isEqualTo(T0.plusSeconds(60));
    assertThat(firing.from()).isEqualTo(HistoryState.PENDING);
    assertThat(firing.namespace()).isEqualTo("ns");
    assertThat(firing.group()).isEqualTo("group");
    assertThat(firing.labels()).containsEntry("service_name", "checkout");
    assertThat(firing.value()).isEqualTo(0.25);
    assertThat(firing.activeAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(firing.annotations().get("summary")).isEqualTo("checkout fails");
    assertThat(firing.annotations().get("description"))
        .hasSize(AlertTransition.MAX_ANNOTATION_CHARS);
    assertThat(firing.evidence().logLines()).isEqualTo(3);
    assertThat(firing.evidence().traceIds())
        .hasSize(AlertTransition.EvidenceSummary.MAX_TRACE_IDS)
        .startsWith("0af7651916cd43dd8448eb211c80319c");
    assertThat(firing.evidence().firstLine())
        .startsWith("level=error")
        .hasSize(AlertTransition.EvidenceSummary.MAX_LINE_CHARS);

    assertThat(reopened.read(TenantScope.of(A), all(2)))
        .extracting(AlertTransition::time)
        .containsExactly(T0.plusSeconds(120), T0.plusSeconds(60));
    assertThat(
            reopened.read(
                TenantScope.of(A),
                new HistoryQuery(
                    Instant.EPOCH,
                    T0.plusSeconds(300),
                    Set.of(HistoryState.PENDING),
                    labels -> "cart".equals(labels.get("service_name")),
                    100)))
        .extracting(AlertTransition::alertname)
        .containsExactly("Latency");
    assertThat(
            reopened.read(
                TenantScope.of(A),
                new HistoryQuery(T0.plusSeconds(30), T0.plusSeconds(90), Set.of(), l -> true, 100)))
        .extracting(AlertTransition::to)
        .containsExactly(HistoryState.FIRING);
    // Tenants apart; a scope of two reads both, each entry saying whose it is.
    assertThat(reopened.read(TenantScope.of(B), all(100)))
        .extracting(AlertTransition::tenant)
        .containsExactly(B);
    assertThat(reopened.read(TenantScope.parse("team-a|team-b"), all(3)))
        .extracting(e -> e.tenant().value() + " " + e.to())
        .containsExactly("team-a RESOLVED", "team-b FIRING", "team-a FIRING");
    assertThat(reopened.read(TenantScope.of(TenantId.parse("nobody")), all(10))).isEmpty();
    assertThat(dir.resolve("nobody")).doesNotExist();
  }

  @Test
  void keepsAtMostAboutMaxEntriesDroppingTheOldestTenth() {
    AlertHistory history =
        new AlertHistory(dir, new AlertHistorySettings(Duration.ofDays(7), 100), clock);
    for (int i = 0; i < 1_000; i++) {
      history.record(
          A, List.of(transition(A, T0.plusSeconds(i), "Flapping", HistoryState.FIRING, "svc")));
    }
    List<AlertTransition> kept = history.read(TenantScope.of(A), all(HistoryQuery.MAX_LIMIT));
    assertThat(kept.size()).isBetween(90, 100);
    assertThat(kept.getFirst().time()).isEqualTo(T0.plusSeconds(999));
    assertThat(kept.getLast().time()).isAfter(T0.plusSeconds(899));
    assertThat(segments(A)).hasSizeLessThanOrEqualTo(11);
  }

  @Test
  void forgetsWhatIsOlderThanTheRetention() {
    AlertHistory history =
        new AlertHistory(dir, new AlertHistorySettings(Duration.ofDays(1), 1000), clock);
    history.record(A, List.of(transition(A, T0, "Old", HistoryState.FIRING, "svc")));
    clock.advance(Duration.ofHours(20));
    history.record(
        A, List.of(transition(A, clock.instant(), "Recent", HistoryState.FIRING, "svc")));
    assertThat(history.read(TenantScope.of(A), all(10))).hasSize(2);

    // A day after the first entry: a read leaves it out at once, the next append deletes its
    // segment.
    clock.advance(Duration.ofHours(5));
    assertThat(history.read(TenantScope.of(A), all(10)))
        .extracting(AlertTransition::alertname)
        .containsExactly("Recent");
    history.record(
        A, List.of(transition(A, clock.instant(), "Newest", HistoryState.FIRING, "svc")));
    assertThat(segments(A)).hasSize(2);
    assertThat(history.read(TenantScope.of(A), all(10)))
        .extracting(AlertTransition::alertname)
        .containsExactly("Newest", "Recent");
  }

  @Test
  void aLineCutShortByACrashIsDroppedAndAppendsGoOnAfterIt() throws IOException {
    AlertHistory history = new AlertHistory(dir, AlertHistorySettings.DEFAULTS, clock);
    history.record(A, List.of(transition(A, T0, "Before", HistoryState.FIRING, "svc")));
    history.close();
    Path segment = segments(A).getFirst();
    // An append the crash interrupted: half a line, no newline.
    Files.writeString(segment, "{\"time\":17650000, \"namespace\":\"n", StandardOpenOption.APPEND);

    AlertHistory reopened = new AlertHistory(dir, AlertHistorySettings.DEFAULTS, clock);
    reopened.record(
        A, List.of(transition(A, T0.plusSeconds(10), "After", HistoryState.FIRING, "svc")));
    assertThat(reopened.read(TenantScope.of(A), all(10)))
        .extracting(AlertTransition::alertname)
        .containsExactly("After", "Before");
    assertThat(segments(A)).as("the segment with room left is appended to").hasSize(1);
    assertThat(Files.readAllLines(segment, StandardCharsets.UTF_8)).hasSize(2);
  }

  @Test
  void oneEvaluationRecordsAtMostASegmentsWorth() {
    AlertHistory history =
        new AlertHistory(dir, new AlertHistorySettings(Duration.ofDays(7), 100), clock);
    List<AlertTransition> storm = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      storm.add(transition(A, T0, "Storm", HistoryState.PENDING, "svc-" + i));
    }
    history.record(A, storm);
    assertThat(history.read(TenantScope.of(A), all(100))).hasSize(10);
  }

  private List<Path> segments(TenantId tenant) {
    try (Stream<Path> files = Files.list(dir.resolve(tenant.value()))) {
      return files.sorted().toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
