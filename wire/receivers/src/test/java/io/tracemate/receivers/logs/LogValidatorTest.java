package io.tracemate.receivers.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogValidatorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long HOUR_NS = Duration.ofHours(1).toNanos();
  private static final LabelSet WEB = LabelSet.of("app", "web");

  private final MutableClock clock = new MutableClock(NOW);

  @Test
  void validPushIsKeptWhole() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    List<LogStream> push =
        List.of(
            stream(WEB, NOW_NS, "a", NOW_NS - 5, "b"),
            stream(LabelSet.of("app", "db"), NOW_NS, "c"));

    Validation validation = validator.validate("fake", push);

    assertThat(validation.accepted()).isEqualTo(push);
    assertThat(validation.refusals()).isEmpty();
    assertThat(validation.rateLimited()).isFalse();
    assertThat(validation.message()).isEmpty();
  }

  @Test
  void tooManyLabelNamesRefusesTheStream() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      pairs.add("l" + (char) ('a' + i));
      pairs.add("v");
    }
    LabelSet sixteen = LabelSet.of(pairs.toArray(String[]::new));

    Validation validation =
        validator.validate(
            "fake",
            List.of(stream(sixteen, NOW_NS, "x", NOW_NS, "yy"), stream(WEB, NOW_NS, "kept")));

    assertThat(validation.accepted()).containsExactly(stream(WEB, NOW_NS, "kept"));
    assertThat(validation.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.MAX_LABEL_NAMES_PER_SERIES,
                2,
                3,
                "stream '" + sixteen + "' has 16 label names; limit 15"));
  }

  @Test
  void labelNameAndValueLengthsAndNamesAreChecked() {
    LogLimits limits = limits(4, 4, 256_000, false);
    LogValidator validator = new LogValidator(limits, clock);

    Validation validation =
        validator.validate(
            "fake",
            List.of(
                stream(LabelSet.of("toolong", "v"), NOW_NS, "a"),
                stream(LabelSet.of("app", "value"), NOW_NS, "b"),
                stream(LabelSet.of("a-b", "v"), NOW_NS, "c"),
                stream(LabelSet.EMPTY, NOW_NS, "d"),
                stream(LabelSet.of("app", "ok"), NOW_NS, "e")));

    assertThat(validation.refusals())
        .extracting(Refusal::reason, Refusal::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                RefusalReason.LABEL_NAME_TOO_LONG,
                "stream '{toolong=\"v\"}' has label name too long: 'toolong'"),
            org.assertj.core.groups.Tuple.tuple(
                RefusalReason.LABEL_VALUE_TOO_LONG,
                "stream '{app=\"value\"}' has label value too long: 'value'"),
            org.assertj.core.groups.Tuple.tuple(
                RefusalReason.INVALID_LABELS,
                "stream '{a-b=\"v\"}' has an invalid label name 'a-b': names must match [a-zA-Z_][a-zA-Z0-9_]*"),
            org.assertj.core.groups.Tuple.tuple(
                RefusalReason.MISSING_LABELS,
                "error at least one label pair is required per stream"));
    assertThat(validation.accepted())
        .containsExactly(stream(LabelSet.of("app", "ok"), NOW_NS, "e"));
  }

  @Test
  void longLinesAreRefusedOrTruncated() {
    String line = "é".repeat(6); // 12 bytes
    Validation refused =
        new LogValidator(limits(1024, 2048, 11, false), clock)
            .validate("fake", List.of(stream(WEB, NOW_NS, line, NOW_NS, "short")));
    Validation truncated =
        new LogValidator(limits(1024, 2048, 11, true), clock)
            .validate("fake", List.of(stream(WEB, NOW_NS, line)));

    assertThat(refused.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.LINE_TOO_LONG,
                1,
                12,
                "Max entry size '11' bytes exceeded for stream '{app=\"web\"}' while adding an entry with length '12' bytes"));
    assertThat(refused.accepted()).containsExactly(stream(WEB, NOW_NS, "short"));
    assertThat(truncated.refusals()).isEmpty();
    assertThat(truncated.accepted()).containsExactly(stream(WEB, NOW_NS, "é".repeat(5)));
  }

  @Test
  void tooOldAndTooNewEntriesAreRefused() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    long eightDaysAgo = NOW_NS - Duration.ofDays(8).toNanos();
    long elevenMinutesAhead = NOW_NS + Duration.ofMinutes(11).toNanos();
    long nineMinutesAhead = NOW_NS + Duration.ofMinutes(9).toNanos();

    Validation validation =
        validator.validate(
            "fake",
            List.of(
                stream(
                    WEB,
                    eightDaysAgo,
                    "old",
                    elevenMinutesAhead,
                    "future",
                    nineMinutesAhead,
                    "fine")));

    assertThat(validation.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.GREATER_THAN_MAX_SAMPLE_AGE,
                1,
                3,
                "entry for stream '{app=\"web\"}' has timestamp"
                    + " too old: 2025-12-24T00:00:00Z, oldest acceptable timestamp is: 2025-12-25T00:00:00Z"),
            new Refusal(
                RefusalReason.TOO_FAR_IN_FUTURE,
                1,
                6,
                "entry for stream '{app=\"web\"}' has timestamp too new: 2026-01-01T00:11:00Z"));
    assertThat(validation.accepted()).containsExactly(stream(WEB, nineMinutesAhead, "fine"));
  }

  @Test
  void oldSamplesAreKeptWhenNotRejected() {
    LogLimits keepOld = TestLimits.defaults().maxLineSize(0, false).rejectOldSamples(false).build();
    Validation validation =
        new LogValidator(keepOld, clock)
            .validate(
                "fake",
                List.of(stream(WEB, NOW_NS - Duration.ofDays(30).toNanos(), "x".repeat(300_000))));
    assertThat(validation.refusals()).isEmpty();
  }

  @Test
  void entriesTooFarBehindTheirStreamAreRefusedAcrossPushes() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    validator.validate("fake", List.of(stream(WEB, NOW_NS, "newest")));

    Validation validation =
        validator.validate(
            "fake",
            List.of(
                stream(WEB, NOW_NS - 2 * HOUR_NS, "behind", NOW_NS - HOUR_NS / 2, "within window"),
                stream(
                    LabelSet.of("app", "other"),
                    NOW_NS - 2 * HOUR_NS,
                    "other stream is independent")));
    Validation otherTenant =
        validator.validate("t2", List.of(stream(WEB, NOW_NS - 2 * HOUR_NS, "own state")));

    assertThat(validation.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.TOO_FAR_BEHIND,
                1,
                6,
                "entry with timestamp 2025-12-31T22:00:00Z ignored, reason: 'entry too far behind, entry timestamp is:"
                    + " 2025-12-31T22:00:00Z, cutoff timestamp is: 2025-12-31T23:00:00Z' for stream: {app=\"web\"}"));
    assertThat(validation.accepted())
        .containsExactly(
            stream(WEB, NOW_NS - HOUR_NS / 2, "within window"),
            stream(
                LabelSet.of("app", "other"), NOW_NS - 2 * HOUR_NS, "other stream is independent"));
    assertThat(otherTenant.refusals()).isEmpty();
  }

  @Test
  void outOfOrderWithinOnePushUsesTheNewestSoFar() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    Validation validation =
        validator.validate(
            "fake",
            List.of(
                stream(
                    WEB,
                    NOW_NS - 3 * HOUR_NS,
                    "first",
                    NOW_NS,
                    "jump",
                    NOW_NS - 3 * HOUR_NS,
                    "behind now")));

    assertThat(validation.accepted())
        .containsExactly(stream(WEB, NOW_NS - 3 * HOUR_NS, "first", NOW_NS, "jump"));
    assertThat(validation.refusals())
        .extracting(Refusal::reason)
        .containsExactly(RefusalReason.TOO_FAR_BEHIND);
  }

  @Test
  void tenantRateLimitRefusesTheWholePushUntilTokensRefill() {
    LogLimits limits =
        TestLimits.defaults()
            .ingestionRate(1.0 / 1024, 2.0 / 1024)
            .perStreamRate(1 << 20, 1 << 20)
            .maxLineSize(0, false)
            .build();
    LogValidator validator = new LogValidator(limits, clock);

    Validation first = validator.validate("fake", List.of(stream(WEB, NOW_NS, "x".repeat(2000))));
    Validation second =
        validator.validate(
            "fake", List.of(stream(WEB, NOW_NS, "y".repeat(100), NOW_NS, "z".repeat(100))));
    Validation otherTenant =
        validator.validate("t2", List.of(stream(WEB, NOW_NS, "y".repeat(100))));
    clock.advance(Duration.ofSeconds(1));
    Validation afterRefill =
        validator.validate("fake", List.of(stream(WEB, NOW_NS, "y".repeat(200))));

    assertThat(first.accepted()).hasSize(1);
    assertThat(second.accepted()).isEmpty();
    assertThat(second.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.RATE_LIMITED,
                2,
                200,
                "Ingestion rate limit exceeded for user fake (limit: 1024 bytes/sec) while attempting to ingest '2' lines"
                    + " totaling '200' bytes, reduce log volume or contact your Loki administrator to see if the limit can be"
                    + " increased"));
    assertThat(second.retryAfterSeconds()).isEqualTo(1);
    assertThat(otherTenant.refusals()).isEmpty();
    assertThat(afterRefill.refusals()).isEmpty();
  }

  @Test
  void retryAfterCoversTheMissingTokens() {
    LogLimits limits =
        TestLimits.defaults()
            .ingestionRate(1.0 / 1024, 10.0 / 1024)
            .perStreamRate(1 << 20, 1 << 20)
            .maxLineSize(0, false)
            .build();
    LogValidator validator = new LogValidator(limits, clock);
    validator.validate("fake", List.of(stream(WEB, NOW_NS, "x".repeat(10_240))));

    // 5000 bytes at 1024 bytes/s: 4.9 s, so 5.
    assertThat(
            validator
                .validate("fake", List.of(stream(WEB, NOW_NS, "x".repeat(5000))))
                .retryAfterSeconds())
        .isEqualTo(5);
  }

  @Test
  void perStreamRateLimitRefusesOnlyThatStream() {
    LogLimits limits = TestLimits.defaults().perStreamRate(100, 200).maxLineSize(0, false).build();
    LogValidator validator = new LogValidator(limits, clock);
    LabelSet db = LabelSet.of("app", "db");
    validator.validate(
        "fake", List.of(stream(WEB, NOW_NS, "a".repeat(150)), stream(db, NOW_NS, "b".repeat(50))));

    Validation validation =
        validator.validate(
            "fake",
            List.of(stream(WEB, NOW_NS, "a".repeat(100)), stream(db, NOW_NS, "b".repeat(50))));

    assertThat(validation.accepted()).containsExactly(stream(db, NOW_NS, "b".repeat(50)));
    assertThat(validation.refusals())
        .containsExactly(
            new Refusal(
                RefusalReason.PER_STREAM_RATE_LIMIT,
                1,
                100,
                "Per stream rate limit exceeded (limit: 100 bytes/sec) while attempting to ingest for stream"
                    + " '{app=\"web\"}' totaling 100 bytes, consider splitting a stream via additional labels or contact your"
                    + " Loki administrator to see if the limit can be increased"));
    assertThat(validation.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void messageListsAtMostTwentyRefusals() {
    LogValidator validator = new LogValidator(LogLimits.DEFAULTS, clock);
    List<LogStream> push = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      push.add(stream(LabelSet.EMPTY, NOW_NS, "x"));
    }
    String message = validator.validate("fake", push).message();
    assertThat(message.lines()).hasSize(21);
    assertThat(message).endsWith("\n(and 3 more)");
  }

  @Test
  void truncationNeverSplitsACharacter() {
    assertThat(LogValidator.truncate("ab😀c", 5)).isEqualTo("ab");
    assertThat(LogValidator.truncate("ab😀c", 6)).isEqualTo("ab😀");
    assertThat(LogValidator.truncate("abc", 3)).isEqualTo("abc");
  }

  private static LogLimits limits(
      int maxNameLength, int maxValueLength, long maxLine, boolean truncate) {
    return TestLimits.defaults()
        .labels(15, maxNameLength, maxValueLength)
        .maxLineSize(maxLine, truncate)
        .build();
  }

  /** {@code stream(labels, ts1, line1, ts2, line2, ...)}. */
  static LogStream stream(LabelSet labels, Object... timestampsAndLines) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < timestampsAndLines.length; i += 2) {
      entries.add(new LogEntry((Long) timestampsAndLines[i], (String) timestampsAndLines[i + 1]));
    }
    return new LogStream(labels, entries);
  }
}
