package io.tracemate.receivers;

import io.tracemate.codec.RejectionSummary;
import io.tracemate.codec.UnixNanos;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.StoredForm;
import io.tracemate.model.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses, before anything reaches the write-ahead log, spans whose start time the store could not keep or a
 * query would never find, so that no span is acknowledged and then silently lost:
 *
 * <ul>
 *   <li>a start time of 0 ({@link SpanRejection#MISSING_START_TIME}): OTLP requires one;
 *   <li>a start before {@link ReceiverLimits#maxSpanAge()} ago ({@link SpanRejection#TOO_OLD}), which includes 1 ns
 *       after 1970: retention would delete it at once;
 *   <li>a start after now + {@link ReceiverLimits#spanCreationGracePeriod()}, or one beyond what signed 64-bit
 *       nanoseconds hold (OTLP's unsigned {@code fixed64} up to 2554; 2262 is the limit here)
 *       ({@link SpanRejection#TOO_FAR_IN_FUTURE}): a broken clock, as Loki's {@code creation_grace_period} says for
 *       log lines.
 * </ul>
 *
 * The refusals are phrased as Loki phrases its own ("has start time too old: X, oldest acceptable start time
 * is: Y"), name the trace and span, and reach the client as OTLP partial success (or a Zipkin 400).
 *
 * <p>Spans that are kept but end before they start, or end beyond signed nanoseconds, keep a zero duration
 * (their end becomes their start): their start is sound, so they stay findable, and every consumer (store,
 * span metrics, service graph) sees an end it can use. Such a batch loses its stored form, which would still
 * carry the original end.
 *
 * <p>Thread-safe (stateless apart from the clock).
 */
final class SpanTimeCheck {
  private final long maxAgeNanos;
  private final long graceNanos;
  private final Clock clock;

  SpanTimeCheck(ReceiverLimits limits, Clock clock) {
    this.maxAgeNanos = saturatedNanos(limits.maxSpanAge());
    this.graceNanos = saturatedNanos(limits.spanCreationGracePeriod());
    this.clock = clock;
  }

  /**
   * Checks the decoded spans against the clock now.
   *
   * @param tenant whose spans these are (the request's)
   * @param decoded what the decoder kept and rejected (for invalid IDs)
   * @param storedForm the request's bytes as the spans' stored form, or null; kept only when every span passes
   *     unchanged
   */
  SpanSubmission check(TenantId tenant, DecodedSpans decoded, StoredForm storedForm) {
    long now = nanos(clock.instant());
    long oldest = now - Math.min(maxAgeNanos, now - 1);
    long newest = graceNanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + graceNanos;
    List<Span> spans = decoded.spans();
    int first = 0;
    while (first < spans.size() && isKeptAsIs(spans.get(first), oldest, newest)) {
      first++;
    }
    if (first == spans.size()) { // the common case: nothing to refuse or change, nothing allocated
      return decoded.hasRejections()
          ? new SpanSubmission(
              tenant, decoded, null, Map.of(SpanRejection.INVALID_ID, decoded.rejectedCount()))
          : new SpanSubmission(tenant, decoded, storedForm, Map.of());
    }
    Map<SpanRejection, Integer> rejected = new EnumMap<>(SpanRejection.class);
    if (decoded.hasRejections()) {
      rejected.put(SpanRejection.INVALID_ID, decoded.rejectedCount());
    }
    RejectionSummary refusals =
        new RejectionSummary("span", "spans", "refused for their start time");
    List<Span> kept = new ArrayList<>(spans.subList(0, first));
    for (int i = first; i < spans.size(); i++) {
      Span span = spans.get(i);
      SpanRejection reason = refusal(span.startEpochNanos(), oldest, newest);
      if (reason != null) {
        rejected.merge(reason, 1, Integer::sum);
        refusals.add(out -> describe(out, span, reason, oldest, newest));
      } else if (span.endEpochNanos() < span.startEpochNanos()) {
        kept.add(span.toBuilder().endEpochNanos(span.startEpochNanos()).build());
      } else {
        kept.add(span);
      }
    }
    if (refusals.count() == 0) {
      return new SpanSubmission(
          tenant,
          new DecodedSpans(kept, decoded.rejectedCount(), decoded.errorMessage()),
          null,
          rejected);
    }
    String message =
        decoded.hasRejections()
            ? decoded.errorMessage() + "; " + refusals.message()
            : refusals.message();
    return new SpanSubmission(
        tenant,
        new DecodedSpans(kept, decoded.rejectedCount() + refusals.count(), message),
        null,
        rejected);
  }

  private static boolean isKeptAsIs(Span span, long oldest, long newest) {
    long start = span.startEpochNanos();
    return start >= oldest && start <= newest && span.endEpochNanos() >= start;
  }

  /** Why a span starting here is refused, or null when it is kept. */
  private static SpanRejection refusal(long start, long oldest, long newest) {
    if (start == 0) {
      return SpanRejection.MISSING_START_TIME;
    }
    if (UnixNanos.isBeyondLatest(start) || start > newest) {
      return SpanRejection.TOO_FAR_IN_FUTURE;
    }
    return start < oldest ? SpanRejection.TOO_OLD : null;
  }

  private static long saturatedNanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0
        ? Long.MAX_VALUE
        : duration.toNanos();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static void describe(
      StringBuilder out, Span span, SpanRejection reason, long oldest, long newest) {
    out.append("span ")
        .append(span.spanId().toHex())
        .append(" of trace ")
        .append(span.traceId().toHex());
    long start = span.startEpochNanos();
    switch (reason) {
      case MISSING_START_TIME -> out.append(" has no start time (0)");
      case TOO_FAR_IN_FUTURE ->
          out.append(" has start time too new: ")
              .append(UnixNanos.describe(start))
              .append(", newest acceptable start time is: ")
              .append(UnixNanos.describe(newest));
      default ->
          out.append(" has start time too old: ")
              .append(UnixNanos.describe(start))
              .append(", oldest acceptable start time is: ")
              .append(UnixNanos.describe(oldest));
    }
  }
}
