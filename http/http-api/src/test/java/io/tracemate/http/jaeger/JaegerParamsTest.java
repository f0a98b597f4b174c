package io.tracemate.http.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaegerParamsTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.123456789Z");
  private static final long NOW_NANOS = Parameters.epochNanos(NOW);
  private static final QueryLimits LIMITS = QueryLimits.DEFAULT;

  private static TraceQuery search(String... nameValues) {
    return JaegerParams.parseSearch(TestParams.of(nameValues), NOW, LIMITS).query();
  }

  @Test
  void defaultsAreNowTwoDaysBackAndTwentyTraces() {
    TraceQuery q = search("service", "frontend");
    assertThat(q.serviceName()).isEqualTo("frontend");
    assertThat(q.operationName()).isNull();
    assertThat(q.tags()).isEmpty();
    assertThat(q.startTimeMaxNanos()).isEqualTo(NOW_NANOS);
    assertThat(q.startTimeMinNanos()).isEqualTo(NOW_NANOS - Duration.ofDays(2).toNanos());
    assertThat(q.durationMinNanos()).isZero();
    assertThat(q.durationMaxNanos()).isEqualTo(TraceQuery.NO_MAX);
    assertThat(q.limit()).isEqualTo(20);
  }

  @Test
  void startAndEndAreMicroseconds() {
    TraceQuery q = search("service", "s", "start", "1706678909209712", "end", "1706678999000000");
    assertThat(q.startTimeMinNanos()).isEqualTo(1706678909209712000L);
    // The end microsecond is included whole.
    assertThat(q.startTimeMaxNanos()).isEqualTo(1706678999000000999L);
  }

  @Test
  void lookbackSetsStartWhenStartIsAbsent() {
    assertThat(search("service", "s", "lookback", "1h").startTimeMinNanos())
        .isEqualTo(NOW_NANOS - Duration.ofHours(1).toNanos());
    assertThat(
            search("service", "s", "lookback", "2d", "end", "1000000000000000").startTimeMinNanos())
        .isEqualTo(1000000000000000L * 1000 + 999 - Duration.ofDays(2).toNanos());
    // An explicit start wins over lookback; "custom" means "use start/end".
    assertThat(search("service", "s", "lookback", "1h", "start", "5").startTimeMinNanos())
        .isEqualTo(5000);
    assertThat(search("service", "s", "lookback", "custom").startTimeMinNanos())
        .isEqualTo(NOW_NANOS - Duration.ofDays(2).toNanos());
  }

  @Test
  void operationTagsDurationsAndLimit() {
    TraceQuery q =
        search(
            "service",
            "s",
            "operation",
            "GET /",
            "tags",
            "{\"error\":\"true\"}",
            "tag",
            "http.method:GET",
            "minDuration",
            "1.2s",
            "maxDuration",
            "1m30s",
            "limit",
            "7");
    assertThat(q.operationName()).isEqualTo("GET /");
    assertThat(q.tags())
        .containsExactlyInAnyOrderEntriesOf(Map.of("error", "true", "http.method", "GET"));
    assertThat(q.durationMinNanos()).isEqualTo(1_200_000_000L);
    assertThat(q.durationMaxNanos()).isEqualTo(90_000_000_000L);
    assertThat(q.limit()).isEqualTo(7);
  }

  @Test
  void limitAboveTheMaximumIsLowered() {
    assertThat(search("service", "s", "limit", "100000").limit())
        .isEqualTo(LIMITS.maxSearchLimit());
  }

  @Test
  void searchWithoutServiceIsAllowed() {
    assertThat(search().serviceName()).isNull();
  }

  @Test
  void traceIdsAreParsedDeduplicatedAndMayBeShortOrUppercase() {
    JaegerParams.TraceSearch s =
        JaegerParams.parseSearch(
            TestParams.of(
                "traceID",
                "ABCDE",
                "traceID",
                "00000000000abcde",
                "traceID",
                "83a9efd15c1c98a977e0711cc93ee28b"),
            NOW,
            LIMITS);
    assertThat(s.byTraceIds()).isTrue();
    assertThat(s.traceIds())
        .containsExactly(
            new TraceId(0, 0xabcdeL), TraceId.fromHex("83a9efd15c1c98a977e0711cc93ee28b"));
  }

  @Test
  void badParametersSayWhatAndWhere() {
    assertBad(
        "unable to parse param 'minDuration': time: unknown unit \"parsecs\" in duration \"5parsecs\"",
        "service",
        "s",
        "minDuration",
        "5parsecs");
    assertBad(
        "unable to parse param 'maxDuration': time: missing unit in duration \"1\"",
        "service",
        "s",
        "maxDuration",
        "1");
    assertBad(
        "invalid parameter: maxDuration (100ms) must not be less than minDuration (1s)",
        "service",
        "s",
        "minDuration",
        "1s",
        "maxDuration",
        "100ms");
    assertBad(
        "invalid parameter: minDuration must not be negative",
        "service",
        "s",
        "minDuration",
        "-1s");
    assertBad(
        "unable to parse param 'limit': expected a whole number, got 'ten'",
        "service",
        "s",
        "limit",
        "ten");
    assertBad(
        "invalid parameter: limit must be greater than 0, got 0", "service", "s", "limit", "0");
    assertBad(
        "invalid parameter: limit must be greater than 0, got -3", "service", "s", "limit", "-3");
    assertBad(
        "unable to parse param 'start': expected a whole number, got 'yesterday'",
        "service",
        "s",
        "start",
        "yesterday");
    assertBad(
        "unable to parse param 'end': 9223372036854775807 µs is out of range",
        "service",
        "s",
        "end",
        "9223372036854775807");
    assertBad(
        "invalid parameter: start time (2000 µs) must be before end time (1000 µs)",
        "service",
        "s",
        "start",
        "2000",
        "end",
        "1000");
    assertBad(
        "unable to parse param 'lookback': time: invalid duration \"soon\"",
        "service",
        "s",
        "lookback",
        "soon");
    assertBad("malformed traceID 'xyz': 'x' at position 0 is not a hex digit", "traceID", "xyz");
    assertBad(
        "malformed traceID '"
            + "a".repeat(33)
            + "': trace ID must have 1 to 32 hex characters, got 33",
        "traceID",
        "a".repeat(33));
    assertBad("parameter 'service' is required when 'operation' is given", "operation", "GET /");
    assertBad(
        "malformed 'tag' parameter, expecting key:value, received: oops",
        "service",
        "s",
        "tag",
        "oops");
  }

  @Test
  void tooManyTraceIds() {
    QueryLimits few = new QueryLimits(20, 100, 1500, 2, Duration.ofDays(2), Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                JaegerParams.parseSearch(
                    TestParams.of("traceID", "1", "traceID", "2", "traceID", "3"), NOW, few))
        .isInstanceOf(BadRequestException.class)
        .hasMessage("too many traceID parameters: 3, at most 2 per request");
  }

  @Test
  void dependencyWindowIsInMilliseconds() {
    JaegerParams.DependencyWindow w =
        JaegerParams.parseDependencies(
            TestParams.of("endTs", "1706678909209", "lookback", "3600000"), NOW, LIMITS);
    assertThat(w.end()).isEqualTo(Instant.ofEpochMilli(1706678909209L));
    assertThat(w.start()).isEqualTo(Instant.ofEpochMilli(1706678909209L - 3_600_000L));
    assertThat(w.service()).isNull();

    JaegerParams.DependencyWindow defaults =
        JaegerParams.parseDependencies(TestParams.of("service", "frontend"), NOW, LIMITS);
    assertThat(defaults.end()).isEqualTo(NOW);
    assertThat(defaults.start()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(defaults.service()).isEqualTo("frontend");

    assertThatThrownBy(
            () -> JaegerParams.parseDependencies(TestParams.of("endTs", "now"), NOW, LIMITS))
        .hasMessage("unable to parse param 'endTs': expected a whole number, got 'now'");
    assertThatThrownBy(
            () -> JaegerParams.parseDependencies(TestParams.of("lookback", "-5"), NOW, LIMITS))
        .hasMessage("invalid parameter: lookback must not be negative, got -5 ms");
  }

  @Test
  void spanKindAndPrettyPrint() {
    assertThat(JaegerParams.parseSpanKind("server", "spanKind")).isEqualTo(SpanKind.SERVER);
    assertThat(JaegerParams.parseSpanKind("", "spanKind")).isNull();
    assertThat(JaegerParams.parseSpanKind(null, "spanKind")).isNull();
    assertThatThrownBy(() -> JaegerParams.parseSpanKind("sideways", "spanKind"))
        .hasMessageStartingWith("unable to parse param 'spanKind': unknown span kind 'sideways'");
    assertThat(JsonBody.prettyPrint(TestParams.of("prettyPrint", "true"))).isTrue();
    assertThat(JsonBody.prettyPrint(TestParams.of("prettyPrint", "false"))).isFalse();
    assertThat(JsonBody.prettyPrint(TestParams.of())).isFalse();
  }

  private static void assertBad(String messageStart, String... nameValues) {
    assertThatThrownBy(() -> JaegerParams.parseSearch(TestParams.of(nameValues), NOW, LIMITS))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith(messageStart);
  }
}
