package io.tracemate.codec.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceContextTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "{\"level\":\"info\",\"trace_id\":\"4BF92F3577B34DA6A3CE929D0E0E4736\",\"span_id\":\"00f067aa0ba902b7\"}"
            + "|"
            + TRACE
            + "|"
            + SPAN,
        "{\"nested\":{\"traceId\":\"ffffffffffffffffffffffffffffffff\"},\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}"
            + "|"
            + TRACE
            + "|null",
        "level=info traceID=4bf92f3577b34da6a3ce929d0e0e4736 spanId=00f067aa0ba902b7 msg=done|"
            + TRACE
            + "|"
            + SPAN,
        "level=info trace_id=\"a3ce929d0e0e4736\" msg=done|0000000000000000a3ce929d0e0e4736|null",
        "msg=\"no id here\"|null|null",
        "level=info trace_id=xyz msg=done|null|null",
        "mytrace_id=4bf92f3577b34da6a3ce929d0e0e4736|null|null",
        "trace_id=00000000000000000000000000000000|null|null",
        "{\"trace_id\": broken json|null|null"
      })
  void findsIdsInTheLine(String line, String traceId, String spanId) {
    LogEntry enriched = TraceContext.enrich(new LogEntry(1, line));

    assertThat(enriched.traceId()).isEqualTo(traceId);
    assertThat(enriched.spanId()).isEqualTo(spanId);
    assertThat(enriched.line()).isEqualTo(line);
  }

  @Test
  void metadataWinsOverTheLineAndIsNormalised() {
    LogEntry entry =
        new LogEntry(
            1,
            "trace_id=ffffffffffffffffffffffffffffffff",
            LabelSet.of("traceId", TRACE.toUpperCase(), "thread", "main"));

    LogEntry enriched = TraceContext.enrich(entry);

    assertThat(enriched.metadata())
        .isEqualTo(
            LabelSet.of("traceId", TRACE.toUpperCase(), "thread", "main", "trace_id", TRACE));
  }

  @Test
  void entriesWithoutTraceContextAreReturnedAsIs() {
    LogEntry entry = new LogEntry(1, "plain line", LabelSet.of("a", "b"));
    assertThat(TraceContext.enrich(entry)).isSameAs(entry);
    LogEntry alreadyIndexed = new LogEntry(1, "x", LabelSet.of("trace_id", TRACE));
    assertThat(TraceContext.enrich(alreadyIndexed)).isSameAs(alreadyIndexed);
  }
}
