package io.tracemate.receivers.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's active stream limits ({@code max_streams_per_user}, {@code max_global_streams_per_user}). */
class StreamLimitTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;

  private final MutableClock clock = new MutableClock(NOW);

  private static LogLimits limits(int local, int global) {
    return LogLimits.DEFAULTS.withStreamLimits(local, global, Duration.ofMinutes(30));
  }

  private static LogStream pod(int n) {
    return new LogStream(
        LabelSet.of("app", "web", "pod", "p" + n), List.of(new LogEntry(NOW_NS, "line " + n)));
  }

  private static List<LogStream> pods(int from, int to) {
    List<LogStream> streams = new ArrayList<>();
    for (int i = from; i < to; i++) {
      streams.add(pod(i));
    }
    return streams;
  }

  private static String lokiMessage(LogStream stream, String tenant) {
    return "maximum active stream limit exceeded when trying to create stream "
        + stream.labels()
        + ", reduce the"
        + " number of active streams (reduce labels or reduce label values), or contact your Loki administrator to"
        + " see if the limit can be increased, user: '"
        + tenant
        + "'";
  }

  @Test
  void newStreamsBeyondTheLimitAreRefusedWhileActiveOnesKeepBeingAccepted() {
    LogValidator validator = new LogValidator(limits(0, 3), clock);
    assertThat(validator.validate("t", pods(0, 2)).accepted()).hasSize(2);

    // One more fits; the next two are new streams beyond the limit; p0 is active and always
    // admitted.
    List<LogStream> push = List.of(pod(2), pod(3), pod(0), pod(4));
    Validation validation = validator.validate("t", push);

    assertThat(validation.accepted()).containsExactly(pod(2), pod(0));
    assertThat(validation.refusals())
        .containsExactly(
            new Refusal(RefusalReason.STREAM_LIMIT, 1, 6, lokiMessage(pod(3), "t")),
            new Refusal(RefusalReason.STREAM_LIMIT, 1, 6, lokiMessage(pod(4), "t")));
    assertThat(validation.tooManyRequests()).isTrue();
    assertThat(validation.rateLimited())
        .as("no Retry-After: waiting does not clear a stream limit")
        .isFalse();
    assertThat(validator.validate("t", pods(0, 3)).refusals()).isEmpty();
    // Tenants are counted apart.
    assertThat(validator.validate("other", pods(0, 3)).refusals()).isEmpty();
  }

  @Test
  void aStreamIdleForTheIdlePeriodNoLongerCountsAndMakesRoom() {
    LogValidator validator = new LogValidator(limits(2, 0), clock);
    validator.validate("t", List.of(pod(0)));
    clock.advance(Duration.ofMinutes(20));
    validator.validate("t", List.of(pod(1)));
    assertThat(validator.validate("t", List.of(pod(2))).accepted()).isEmpty();

    clock.advance(Duration.ofMinutes(11)); // p0 idle for 31 minutes, p1 for 11
    assertThat(validator.validate("t", List.of(pod(2))).accepted()).containsExactly(pod(2));
    assertThat(validator.validate("t", List.of(pod(3))).accepted()).isEmpty();
    // p0 went idle and is new again: it has to wait for room like any new stream.
    assertThat(validator.validate("t", List.of(pod(0))).accepted()).isEmpty();
  }

  @Test
  void streamsWhoseEntriesWereAllRefusedDoNotTakeRoom() {
    LogValidator validator = new LogValidator(limits(0, 1), clock);
    LogStream tooOld =
        new LogStream(
            LabelSet.of("app", "old"),
            List.of(new LogEntry(NOW_NS - Duration.ofDays(8).toNanos(), "old")));

    assertThat(validator.validate("t", List.of(tooOld)).accepted()).isEmpty();
    assertThat(validator.validate("t", List.of(pod(0))).accepted()).containsExactly(pod(0));
  }

  @Test
  void noLimitWhenBothAreZero() {
    LogValidator validator = new LogValidator(limits(0, 0), clock);
    assertThat(validator.validate("t", pods(0, 10_000)).refusals()).isEmpty();
  }

  @Test
  void defaultIsLokisGlobalLimitOf5000() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    Validation validation = validator.validate("t", pods(0, 5001));
    assertThat(validation.accepted()).hasSize(5000);
    assertThat(validation.refusals())
        .extracting(Refusal::reason)
        .containsExactly(RefusalReason.STREAM_LIMIT);
  }

  @ParameterizedTest
  @CsvSource({"0, 5000, 5000", "100, 5000, 100", "8000, 5000, 5000", "100, 0, 100", "0, 0, 0"})
  void theSmallerNonZeroLimitApplies(int local, int global, int effective) {
    assertThat(limits(local, global).maxActiveStreams()).isEqualTo(effective);
  }

  @Test
  void lokiKeysConfigureTheLimits() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    LogLimits limits =
        mapper.readValue(
            """
        {"max_streams_per_user": 200, "max_global_streams_per_user": 1000, "stream_idle_period": "1h"}
        """,
            LogLimits.class);
    assertThat(limits)
        .isEqualTo(LogLimits.DEFAULTS.withStreamLimits(200, 1000, Duration.ofHours(1)));
    assertThat(limits.maxActiveStreams()).isEqualTo(200);
    assertThat(mapper.readValue("{}", LogLimits.class).maxActiveStreams()).isEqualTo(5000);
    assertThatThrownBy(
            () -> mapper.readValue("{\"max_global_streams_per_user\": -1}", LogLimits.class))
        .hasMessageContaining("logs.limits.max_global_streams_per_user must not be negative");
    assertThatThrownBy(() -> mapper.readValue("{\"stream_idle_period\": \"0\"}", LogLimits.class))
        .hasMessageContaining("logs.limits.stream_idle_period must be positive");
  }

  @Test
  void idleTenantsAreForgotten() {
    ActiveStreams active = new ActiveStreams(Duration.ofMinutes(30));
    long now = NOW.toEpochMilli();
    for (int tenant = 0; tenant < 100; tenant++) {
      assertThat(active.admit("t" + tenant, pod(0).labels(), now, 1)).isTrue();
    }
    assertThat(active.tenants()).isEqualTo(100);
    long later = now + Duration.ofMinutes(31).toMillis();
    assertThat(active.active("t0", later)).isZero();
    assertThat(active.admit("t0", pod(1).labels(), later, 1)).isTrue();
    assertThat(active.tenants()).as("the sweep forgot the 99 idle tenants").isEqualTo(1);
  }
}
