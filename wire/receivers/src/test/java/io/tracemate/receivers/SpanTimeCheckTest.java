package io.tracemate.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.StoredForm;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanTimeCheckTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final long DAY_NS = Duration.ofDays(1).toNanos();

  /** 2500-01-01T00:00:00Z as OTLP's unsigned fixed64 carries it; as a signed long it is negative (1915). */
  private static final long YEAR_2500 = Long.parseUnsignedLong("16725225600000000000");

  private static final StoredForm STORED = () -> new byte[] {1};

  private final SpanTimeCheck check =
      new SpanTimeCheck(
          new ReceiverLimits(1 << 20, Duration.ofDays(7), Duration.ofMinutes(10)),
          Clock.fixed(NOW, ZoneOffset.UTC));

  private static Span span(long id, long start, long end) {
    return TestData.span().toBuilder()
        .spanId(new SpanId(id))
        .startEpochNanos(start)
        .endEpochNanos(end)
        .build();
  }

  private static DecodedSpans decoded(Span... spans) {
    return new DecodedSpans(List.of(spans), 0, "");
  }

  @Test
  void spansInsideTheWindowPassUnchangedWithTheirStoredForm() {
    DecodedSpans in =
        decoded(
            span(1, NOW_NS - 6 * DAY_NS, NOW_NS - 6 * DAY_NS + 5),
            span(2, NOW_NS, NOW_NS + 1),
            span(3, NOW_NS + Duration.ofMinutes(9).toNanos(), NOW_NS + DAY_NS));

    SpanSubmission out = check.check(TenantId.DEFAULT, in, STORED);

    assertThat(out.decoded()).isSameAs(in);
    assertThat(out.storedForm()).isSameAs(STORED);
    assertThat(out.rejected()).isEmpty();
  }

  @Test
  void eachUnkeepableStartIsRefusedWithItsReasonAndTheTimeTheSenderMeant() {
    Span kept = span(9, NOW_NS, NOW_NS + 1);
    DecodedSpans in =
        decoded(
            span(1, 0, 5),
            kept,
            span(2, 1, 2),
            span(3, NOW_NS - 8 * DAY_NS, NOW_NS),
            span(4, -1L, -1L),
            span(5, YEAR_2500, YEAR_2500 + 1),
            span(
                6,
                NOW_NS + Duration.ofMinutes(11).toNanos(),
                NOW_NS + Duration.ofMinutes(12).toNanos()));

    SpanSubmission out = check.check(TenantId.DEFAULT, in, STORED);

    assertThat(out.decoded().spans()).containsExactly(kept);
    assertThat(out.decoded().rejectedCount()).isEqualTo(6);
    assertThat(out.storedForm()).as("the body still holds the refused spans").isNull();
    assertThat(out.rejected())
        .isEqualTo(
            Map.of(
                SpanRejection.MISSING_START_TIME,
                1,
                SpanRejection.TOO_OLD,
                2,
                SpanRejection.TOO_FAR_IN_FUTURE,
                3));
    assertThat(out.decoded().errorMessage())
        .isEqualTo(
            "6 spans refused for their start time: "
                + "span 0000000000000001 of trace 0af7651916cd43dd8448eb211c80319c has no start time (0); "
                + "span 0000000000000002 of trace 0af7651916cd43dd8448eb211c80319c has start time too old: "
                + "1970-01-01T00:00:00.000000001Z, oldest acceptable start time is: 2026-02-22T12:00:00Z; "
                + "span 0000000000000003 of trace 0af7651916cd43dd8448eb211c80319c has start time too old: "
                + "2026-02-21T12:00:00Z, oldest acceptable start time is: 2026-02-22T12:00:00Z; and 3 more");
  }

  @Test
  void timesBeyondSignedNanosAreNamedAsSentNeverWrappedAround() {
    SpanSubmission max = check.check(TenantId.DEFAULT, decoded(span(1, -1L, 0)), null);
    assertThat(max.decoded().errorMessage())
        .contains(
            "has start time too new: 2554-07-21T23:34:33.709551615Z, "
                + "newest acceptable start time is: 2026-03-01T12:10:00Z");

    SpanSubmission year2500 = check.check(TenantId.DEFAULT, decoded(span(1, YEAR_2500, 0)), null);
    assertThat(year2500.decoded().errorMessage())
        .contains("too new: 2500-01-01T00:00:00Z")
        .doesNotContain("1915");
    assertThat(year2500.rejected()).isEqualTo(Map.of(SpanRejection.TOO_FAR_IN_FUTURE, 1));
  }

  @Test
  void aSpanEndingBeforeItStartsOrBeyondSignedNanosKeepsAZeroDuration() {
    Span endsEarly = span(1, NOW_NS, NOW_NS - 5);
    Span endsNever = span(2, NOW_NS, 0);
    Span endsBeyond = span(3, NOW_NS, YEAR_2500);
    Span fine = span(4, NOW_NS, NOW_NS + 7);

    SpanSubmission out =
        check.check(TenantId.DEFAULT, decoded(fine, endsEarly, endsNever, endsBeyond), STORED);

    assertThat(out.decoded().spans())
        .extracting(Span::endEpochNanos)
        .containsExactly(NOW_NS + 7, NOW_NS, NOW_NS, NOW_NS);
    assertThat(out.decoded().spans().getFirst()).isSameAs(fine);
    assertThat(out.decoded().hasRejections()).isFalse();
    assertThat(out.storedForm()).as("the body still carries the original ends").isNull();
  }

  @Test
  void rejectionsForIdsAndForTimesAddUp() {
    DecodedSpans in =
        new DecodedSpans(
            List.of(span(1, 0, 0), span(2, NOW_NS, NOW_NS)),
            2,
            "2 spans rejected: span 0 of scope 's' has an all-zero trace ID; span 1 of scope 's' has an all-zero"
                + " span ID");

    SpanSubmission out = check.check(TenantId.DEFAULT, in, STORED);

    assertThat(out.decoded().rejectedCount()).isEqualTo(3);
    assertThat(out.rejected())
        .isEqualTo(Map.of(SpanRejection.INVALID_ID, 2, SpanRejection.MISSING_START_TIME, 1));
    assertThat(out.decoded().errorMessage())
        .startsWith("2 spans rejected: span 0 of scope 's'")
        .endsWith(
            "; 1 span refused for their start time: span 0000000000000001 of trace "
                + "0af7651916cd43dd8448eb211c80319c has no start time (0)");
    assertThat(out.storedForm()).isNull();
  }

  @Test
  void idRejectionsAloneDropTheStoredForm() {
    DecodedSpans in = new DecodedSpans(List.of(span(1, NOW_NS, NOW_NS)), 1, "1 span rejected: x");
    SpanSubmission out = check.check(TenantId.DEFAULT, in, STORED);
    assertThat(out.decoded()).isSameAs(in);
    assertThat(out.storedForm()).isNull();
    assertThat(out.rejected()).isEqualTo(Map.of(SpanRejection.INVALID_ID, 1));
  }

  @Test
  void limitsLongerThanTheEpochDoNotOverflow() {
    SpanTimeCheck lenient =
        new SpanTimeCheck(
            new ReceiverLimits(
                1 << 20, Duration.ofDays(365L * 1_000_000), Duration.ofDays(365L * 1_000_000)),
            Clock.fixed(NOW, ZoneOffset.UTC));
    List<Span> spans =
        new ArrayList<>(List.of(span(1, 1, 1), span(2, Long.MAX_VALUE, Long.MAX_VALUE)));

    SpanSubmission out = lenient.check(TenantId.DEFAULT, new DecodedSpans(spans, 0, ""), null);

    assertThat(out.decoded().spans()).hasSize(2);
    assertThat(lenient.check(TenantId.DEFAULT, decoded(span(3, -1L, 0)), null).rejected())
        .as("past signed nanos whatever the grace period")
        .isEqualTo(Map.of(SpanRejection.TOO_FAR_IN_FUTURE, 1));
  }
}
