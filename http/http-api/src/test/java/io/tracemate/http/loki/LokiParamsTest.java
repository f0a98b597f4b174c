package io.tracemate.http.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.logs.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LokiParamsTest {
  static final long NOW = 1_700_000_000_000_000_000L;
  static final long HOUR = 3_600_000_000_000L;

  static QueryParams params(String... namesAndValues) {
    QueryParamsBuilder b = QueryParams.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Grafana sends nanoseconds
        "1700000000123456789        | 1700000000123456789",
        // up to 1e10: seconds
        "1700000000                 | 1700000000000000000",
        "4                          | 4000000000",
        "9000000000                 | 9000000000000000000",
        "10000000001                | 10000000001",
        // decimal seconds, rounded to milliseconds
        "1700000000.5               | 1700000000500000000",
        "1700000000.1234            | 1700000000123000000",
        "1700000000.1236            | 1700000000124000000",
        // decimal above 1e10: nanoseconds, fraction discarded
        "1700000000123456789.9      | 1700000000123456789",
        "2023-11-14T22:13:20Z       | 1700000000000000000",
        "2023-11-14T22:13:20.25Z    | 1700000000250000000",
        "2023-11-14T23:13:20+01:00  | 1700000000000000000",
      })
  void timestampsAsLokiReadsThem(String text, long expectedNanos) {
    assertThat(LokiParams.timestamp("start", text, -1)).isEqualTo(expectedNanos);
  }

  @Test
  void absentTimestampTakesTheDefault() {
    assertThat(LokiParams.timestamp("start", null, 42)).isEqualTo(42);
    assertThat(LokiParams.timestamp("start", "", 42)).isEqualTo(42);
  }

  @ParameterizedTest
  @CsvSource({"yesterday", "15d", "0x10", "1.2.3", "2023-11-14"})
  void badTimestampsNameTheParameter(String text) {
    assertThatThrownBy(() -> LokiParams.timestamp("end", text, 0))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("invalid parameter 'end': \"" + text + "\"");
  }

  @Test
  void boundsDefaultToTheLastHour() {
    LokiParams.Bounds bounds = LokiParams.bounds(params(), NOW);
    assertThat(bounds).isEqualTo(new LokiParams.Bounds(NOW - HOUR, NOW));
  }

  @Test
  void sinceCountsBackFromEndOrNowWhicheverIsEarlier() {
    assertThat(LokiParams.bounds(params("since", "2h"), NOW))
        .isEqualTo(new LokiParams.Bounds(NOW - 2 * HOUR, NOW));
    long end = NOW - 10 * HOUR;
    assertThat(LokiParams.bounds(params("since", "30m", "end", Long.toString(end)), NOW))
        .isEqualTo(new LokiParams.Bounds(end - HOUR / 2, end));
    // an end in the future counts back from now
    assertThat(LokiParams.bounds(params("end", Long.toString(NOW + HOUR)), NOW))
        .isEqualTo(new LokiParams.Bounds(NOW - HOUR, NOW + HOUR));
  }

  @Test
  void rangeQueryDefaults() {
    LokiParams.RangeQuery query = LokiParams.rangeQuery(params("query", "{a=\"b\"}"), NOW);
    // 3600 s / 250 = 14.4 -> 14 s
    assertThat(query)
        .isEqualTo(
            new LokiParams.RangeQuery(
                "{a=\"b\"}", NOW - HOUR, NOW, 14_000_000_000L, 0, Direction.BACKWARD, 100));
  }

  @ParameterizedTest(name = "step={0}")
  @CsvSource({
    "15s, 15000000000",
    "1500ms, 1500000000",
    "1m30s, 90000000000",
    "30, 30000000000",
    "0.5, 500000000",
    "1e1, 10000000000",
    "15d, 1296000000000000"
  })
  void stepIsSecondsOrADuration(String step, long nanos) {
    LokiParams.RangeQuery query =
        LokiParams.rangeQuery(
            params("query", "{a=\"b\"}", "step", step, "start", "0", "end", "5000"), NOW);
    assertThat(query.stepNanos()).isEqualTo(nanos);
  }

  @Test
  void shortRangesDefaultToAOneSecondStep() {
    LokiParams.RangeQuery query =
        LokiParams.rangeQuery(params("query", "{a=\"b\"}", "start", "100", "end", "200"), NOW);
    assertThat(query.stepNanos()).isEqualTo(1_000_000_000L);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "limit     | abc       | invalid parameter 'limit': \"abc\" is not an integer",
        "limit     | 0         | limit must be a positive value",
        "limit     | -5        | limit must be a positive value",
        "direction | sideways  | invalid direction 'sideways'",
        "step      | 0         | zero or negative query resolution step widths are not accepted. Try a positive integer",
        "step      | -1s       | zero or negative query resolution step widths are not accepted. Try a positive integer",
        "step      | fast      | invalid parameter 'step': cannot parse \"fast\" to a valid duration",
        "step      | 1ms       | exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter",
        "interval  | -1s       | interval must be >= 0",
        "since     | a while   | invalid parameter 'since': \"a while\" is not a duration (e.g. 15m, 1h, 2d)",
        "query     | ''        | invalid parameter 'query': a LogQL query is required",
      })
  void badParametersGetLokisMessages(String name, String value, String message) {
    QueryParams params =
        name.equals("query") ? params() : params("query", "{a=\"b\"}", name, value);
    assertThatThrownBy(() -> LokiParams.rangeQuery(params, NOW))
        .isInstanceOf(BadRequestException.class)
        .hasMessage(message);
  }

  @Test
  void endBeforeStartIsRefused() {
    assertThatThrownBy(
            () ->
                LokiParams.rangeQuery(
                    params("query", "{a=\"b\"}", "start", "200", "end", "100"), NOW))
        .hasMessage("end timestamp must not be before or equal to start time");
  }

  @Test
  void instantQueryDefaultsToNow() {
    assertThat(LokiParams.instantQuery(params("query", "vector(1)"), NOW))
        .isEqualTo(new LokiParams.InstantQuery("vector(1)", NOW, Direction.BACKWARD, 100));
    // 10 digits (<= 1e10) are seconds, even when the client meant nanoseconds, as in Loki
    assertThat(
            LokiParams.instantQuery(
                params(
                    "query",
                    "vector(1)",
                    "time",
                    "4000000000",
                    "direction",
                    "FORWARD",
                    "limit",
                    "7"),
                NOW))
        .isEqualTo(
            new LokiParams.InstantQuery(
                "vector(1)", 4_000_000_000_000_000_000L, Direction.FORWARD, 7));
  }

  @Test
  void tailDelayIsAtMostFiveSeconds() {
    assertThat(LokiParams.tailDelaySeconds(params())).isZero();
    assertThat(LokiParams.tailDelaySeconds(params("delay_for", "5"))).isEqualTo(5);
    assertThatThrownBy(() -> LokiParams.tailDelaySeconds(params("delay_for", "6")))
        .hasMessage("delay_for can't be greater than 5");
  }
}
