package io.tracemate.codec.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xerial.snappy.Snappy;

class LokiPushDecoderTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void decodesJsonWithStructuredMetadataInOrder() {
    String json =
        """
        {"streams":[
          {"values":[["1700000000000000002","second"],["1700000000000000001","first",{"user":"ann"}]],
           "stream":{"job":"web","env":"prod"}},
          {"stream":{"job":"db"},"values":[["1700000000000000003","level=warn trace_id=%s slow query",{}]],
           "ignored":[1,2,{"x":1}]}
        ],"extra":{"a":[1]}}
        """
            .formatted(TRACE);

    DecodedLogs decoded = LokiPushDecoder.decodeJson(json.getBytes(UTF_8));

    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("job", "web", "env", "prod"),
                List.of(
                    new LogEntry(1_700_000_000_000_000_002L, "second"),
                    new LogEntry(1_700_000_000_000_000_001L, "first", LabelSet.of("user", "ann")))),
            new LogStream(
                LabelSet.of("job", "db"),
                List.of(
                    new LogEntry(
                        1_700_000_000_000_000_003L,
                        "level=warn trace_id=" + TRACE + " slow query",
                        LabelSet.of("trace_id", TRACE)))));
  }

  @Test
  void theLevelLabelIsNormalisedSoOneLevelIsOneStream() throws IOException {
    String json =
        """
        {"streams":[
          {"stream":{"job":"web","level":"INFO"},"values":[["1700000000000000001","a"]]},
          {"stream":{"job":"web","level":"Warning"},"values":[["1700000000000000002","b"]]},
          {"stream":{"job":"web","level":"info"},"values":[["1700000000000000003","c"]]},
          {"stream":{"job":"web","Level":"INFO","severity":"ERROR"},"values":[["1700000000000000004","d"]]}
        ]}
        """;

    List<LabelSet> labels =
        LokiPushDecoder.decodeJson(json.getBytes(UTF_8)).streams().stream()
            .map(LogStream::labels)
            .toList();

    assertThat(labels)
        .containsExactly(
            LabelSet.of("job", "web", "level", "info"),
            LabelSet.of("job", "web", "level", "warn"),
            LabelSet.of("job", "web", "level", "info"),
            LabelSet.of(
                "job",
                "web",
                "Level",
                "INFO",
                "severity",
                "ERROR")); // only the level label is the level

    Push.PushRequest request =
        Push.PushRequest.newBuilder()
            .addStreams(
                Push.StreamAdapter.newBuilder()
                    .setLabels("{app=\"api\", level=\"ERROR\"}")
                    .addEntries(
                        Push.EntryAdapter.newBuilder()
                            .setTimestamp(Timestamp.newBuilder().setSeconds(1))
                            .setLine("x")))
            .build();
    assertThat(LokiPushDecoder.decodeProtobuf(request.toByteArray()).streams().getFirst().labels())
        .isEqualTo(LabelSet.of("app", "api", "level", "error"));
  }

  @Test
  void decodesTheLegacyJsonForm() {
    String json =
        """
        {"streams":[{"labels":"{job=\\"web\\"}","entries":[{"ts":"2023-11-14T22:13:20.5Z","line":"hi"},
          {"ts":"1700000000000000000","line":"ns"}]}]}
        """;

    DecodedLogs decoded = LokiPushDecoder.decodeJson(json.getBytes(UTF_8));

    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("job", "web"),
                List.of(
                    new LogEntry(1_700_000_000_500_000_000L, "hi"),
                    new LogEntry(1_700_000_000_000_000_000L, "ns"))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''| the request body is empty",
        "[1]| expected a JSON object at the top level, got an array",
        "{\"streams\":{}}| streams: expected an array, got an object",
        "{\"streams\":[{\"stream\":{\"a\":1}}]}| streams[0].stream.a: expected a string, got a number",
        "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"12x\",\"l\"]]}]}|"
            + " streams[0].values[0][0]: timestamp '12x' is not an integer number of Unix epoch nanoseconds",
        "{\"streams\":[{\"values\":[[\"1\"]]}]}|"
            + " streams[0].values[0][1]: expected the log line as a string, got the end of the array",
        "{\"streams\":[{\"values\":[[\"1\",\"l\",{},\"x\"]]}]}| streams[0].values[0]: expected at most 3 elements",
        "{\"streams\":[{\"labels\":\"{a=b}\"}]}| streams[0].labels: invalid labels '{a=b}': expected '\"' at position 3",
        "{\"streams\":[{\"stream\":{\"a\":\"b\"}|malformed JSON at line 1, column"
      })
  void jsonErrorsSayWhere(String json, String message) {
    assertThatThrownBy(() -> LokiPushDecoder.decodeJson(json.getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void decodesSnappyProtobufWithStructuredMetadata() throws IOException {
    Push.PushRequest request =
        Push.PushRequest.newBuilder()
            .addStreams(
                Push.StreamAdapter.newBuilder()
                    .setLabels("{app=\"api\", msg=\"a \\\"q\\\"\"}")
                    .addEntries(
                        Push.EntryAdapter.newBuilder()
                            .setTimestamp(
                                Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(7))
                            .setLine("GET /cart 200")
                            .addStructuredMetadata(
                                Push.LabelPairAdapter.newBuilder()
                                    .setName("traceID")
                                    .setValue(TRACE))
                            .addStructuredMetadata(
                                Push.LabelPairAdapter.newBuilder().setName("user").setValue("bob")))
                    .addEntries(
                        Push.EntryAdapter.newBuilder()
                            .setTimestamp(Timestamp.newBuilder().setSeconds(1_700_000_001L))
                            .setLine("done")))
            .build();
    byte[] body = Snappy.compress(request.toByteArray());

    DecodedLogs decoded = LokiPushDecoder.decodeProtobuf(LokiPushDecoder.unsnappy(body, 1 << 20));

    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("app", "api", "msg", "a \"q\""),
                List.of(
                    new LogEntry(
                        1_700_000_000_000_000_007L,
                        "GET /cart 200",
                        LabelSet.of("traceID", TRACE, "user", "bob", "trace_id", TRACE)),
                    new LogEntry(1_700_000_001_000_000_000L, "done"))));
  }

  @Test
  void snappyBodiesPastTheLimitAreRefusedBeforeInflating() throws IOException {
    byte[] body = Snappy.compress(new byte[10_000]);

    assertThatThrownBy(() -> LokiPushDecoder.unsnappy(body, 9_999))
        .isInstanceOf(PayloadTooLargeException.class)
        .hasMessage("the decompressed body (10000 bytes) exceeds the limit of 9999 bytes");
    assertThat(LokiPushDecoder.unsnappy(body, 10_000)).hasSize(10_000);
  }

  @Test
  void notSnappyOrNotProtobufIsAClearError() throws IOException {
    assertThatThrownBy(() -> LokiPushDecoder.unsnappy("{\"streams\":[]}".getBytes(UTF_8), 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not snappy");
    assertThatThrownBy(() -> LokiPushDecoder.decodeProtobuf(new byte[] {10, 100, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot decode the protobuf PushRequest (3 bytes)");
    Push.PushRequest badLabels =
        Push.PushRequest.newBuilder()
            .addStreams(Push.StreamAdapter.newBuilder().setLabels("app=x"))
            .build();
    assertThatThrownBy(() -> LokiPushDecoder.decodeProtobuf(badLabels.toByteArray()))
        .hasMessage("streams[0]: invalid labels 'app=x': expected '{' at position 0");
    Push.PushRequest farFuture = oneEntryAt(Long.MAX_VALUE / 10);
    assertThatThrownBy(() -> LokiPushDecoder.decodeProtobuf(farFuture.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "streams[0].entries[0].timestamp: timestamp 922337203685477580 s is too new: after"
                + " 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
  }

  @Test
  void timestampsBeyondSignedNanosAreRefusedNamingTheTimeSent() throws IOException {
    Push.PushRequest year2500 = oneEntryAt(16_725_225_600L);
    assertThatThrownBy(() -> LokiPushDecoder.decodeProtobuf(year2500.toByteArray()))
        .hasMessage(
            "streams[0].entries[0].timestamp: timestamp 16725225600 s (2500-01-01T00:00:00Z) is too new:"
                + " after 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
    Push.PushRequest ancient = oneEntryAt(-16_725_225_600L);
    assertThatThrownBy(() -> LokiPushDecoder.decodeProtobuf(ancient.toByteArray()))
        .hasMessageContaining(
            "(1440-01-01T00:00:00Z) is too old: before 1677-09-21T00:12:43.145224192Z");

    for (String timestamp : new String[] {"\"16725225600000000000\"", "16725225600000000000"}) {
      String json =
          "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[" + timestamp + ",\"l\"]]}]}";
      assertThatThrownBy(() -> LokiPushDecoder.decodeJson(json.getBytes(UTF_8)))
          .as(timestamp)
          .hasMessage(
              "streams[0].values[0][0]: timestamp '16725225600000000000' (2500-01-01T00:00:00Z) is too new:"
                  + " after 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
    }
    String u64 =
        "{\"streams\":[{\"stream\":{\"a\":\"b\"},\"values\":[[\"18446744073709551615\",\"l\"]]}]}";
    assertThatThrownBy(() -> LokiPushDecoder.decodeJson(u64.getBytes(UTF_8)))
        .hasMessageContaining("'18446744073709551615' (2554-07-21T23:34:33.709551615Z) is too new");
    String legacy =
        "{\"streams\":[{\"labels\":\"{a=\\\"b\\\"}\",\"entries\":[{\"ts\":\"2500-01-01T00:00:00Z\","
            + "\"line\":\"l\"}]}]}";
    assertThatThrownBy(() -> LokiPushDecoder.decodeJson(legacy.getBytes(UTF_8)))
        .hasMessage(
            "streams[0].entries[0].ts: timestamp '2500-01-01T00:00:00Z' is too new: after"
                + " 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
  }

  /** A push of one stream {@code {a="b"}} with one entry at {@code seconds}; its line is "x". */
  private static Push.PushRequest oneEntryAt(long seconds) {
    return Push.PushRequest.newBuilder()
        .addStreams(
            Push.StreamAdapter.newBuilder()
                .setLabels("{a=\"b\"}")
                .addEntries(
                    Push.EntryAdapter.newBuilder()
                        .setLine("x")
                        .setTimestamp(Timestamp.newBuilder().setSeconds(seconds))))
        .build();
  }

  /**
   * Found by fuzzing (corpus seed {@code crash-utf32-nul-prefix.json}): three NUL bytes before a JSON object make
   * Jackson read the body as UTF-32, which fails with a {@code CharConversionException}; it was rethrown as an
   * {@code UncheckedIOException} and answered 500. A body that is not JSON is the client's error.
   */
  @Test
  void aBodyJacksonTakesForUtf32IsMalformedJsonNotAServerFailure() {
    byte[] body = "\0\0\0{\"streams\":[]}".getBytes(UTF_8);

    assertThatThrownBy(() -> LokiPushDecoder.decodeJson(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed JSON: Invalid UTF-32 character");
  }
}
