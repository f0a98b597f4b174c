package io.tracemate.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PushFormatTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final List<LogStream> STREAMS =
      List.of(
          new LogStream(
              LabelSet.of("app", "payment", "pod", "payment-1"),
              List.of(
                  new LogEntry(
                      1_700_000_000_123_000_000L,
                      "{\"level\":\"INFO\",\"msg\":\"quote \\\" and é\"}",
                      LabelSet.of(LogEntry.TRACE_ID, TRACE, LogEntry.SPAN_ID, "00f067aa0ba902b7")),
                  new LogEntry(1_700_000_000_124_000_001L, "level=warn msg=\"no trace\""))),
          new LogStream(
              LabelSet.of("app", "cart", "pod", "cart \"x\""),
              List.of(new LogEntry(1_700_000_001_000_000_000L, "plain line"))));

  @ParameterizedTest
  @EnumSource(PushFormat.class)
  void theServersDecoderReadsBackEveryStreamEntryAndMetadata(PushFormat format) {
    byte[] body = format.encode(STREAMS);

    DecodedLogs decoded =
        format == PushFormat.JSON
            ? LokiPushDecoder.decodeJson(body)
            : LokiPushDecoder.decodeProtobuf(LokiPushDecoder.unsnappy(body, 1 << 20));

    assertThat(decoded.streams()).hasSize(2);
    for (int s = 0; s < STREAMS.size(); s++) {
      LogStream sent = STREAMS.get(s);
      LogStream got = decoded.streams().get(s);
      assertThat(got.labels()).isEqualTo(sent.labels());
      assertThat(got.entries())
          .extracting(LogEntry::timestampNanos)
          .containsExactlyElementsOf(
              sent.entries().stream().map(LogEntry::timestampNanos).toList());
      assertThat(got.entries())
          .extracting(LogEntry::line)
          .containsExactlyElementsOf(sent.entries().stream().map(LogEntry::line).toList());
    }
    assertThat(decoded.streams().getFirst().entries().getFirst().traceId()).isEqualTo(TRACE);
    assertThat(decoded.streams().getFirst().entries().getFirst().spanId())
        .isEqualTo("00f067aa0ba902b7");
    assertThat(decoded.streams().getFirst().entries().get(1).traceId()).isNull();
  }

  @ParameterizedTest
  @EnumSource(PushFormat.class)
  void cliNamesRoundTrip(PushFormat format) {
    assertThat(PushFormat.fromCliName(format.cliName().toUpperCase())).isEqualTo(format);
  }
}
