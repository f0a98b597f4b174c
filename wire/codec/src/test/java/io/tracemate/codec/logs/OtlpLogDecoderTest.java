package io.tracemate.codec.logs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.model.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpLogDecoderTest {
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String SPAN = "b7ad6b7169203331";
  private static final long T0 = 1_700_000_000_000_000_000L;

  @Test
  void mapsResourceToLabelsAndEverythingElseToMetadata() {
    Resource resource =
        Resource.newBuilder()
            .addAttributes(kv("service.name", "checkout"))
            .addAttributes(kv("k8s.namespace.name", "shop"))
            .addAttributes(kv("k8s.pod.name", "checkout-7d9f"))
            .addAttributes(kv("k8s.container.name", "app"))
            .addAttributes(kv("deployment.environment", "prod"))
            .addAttributes(kv("host.name", "node-1"))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("process.pid")
                    .setValue(AnyValue.newBuilder().setIntValue(4242)))
            .build();
    LogRecord record =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
            .setSeverityText("ERROR")
            .setBody(AnyValue.newBuilder().setStringValue("payment failed"))
            .addAttributes(kv("http.request.method", "POST"))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("retry.ok")
                    .setValue(AnyValue.newBuilder().setBoolValue(true)))
            .setTraceId(ByteString.copyFrom(Hex.fromHex(TRACE.toUpperCase())))
            .setSpanId(ByteString.copyFrom(Hex.fromHex(SPAN)))
            .build();

    DecodedLogs decoded =
        OtlpLogDecoder.decode(request(resource, "io.example.Payments", record), 1);

    assertThat(decoded.rejectedCount()).isZero();
    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of(
                    "service_name",
                    "checkout",
                    "namespace",
                    "shop",
                    "pod",
                    "checkout-7d9f",
                    "container",
                    "app",
                    "env",
                    "prod",
                    "host",
                    "node-1",
                    "level",
                    "error"),
                List.of(
                    new LogEntry(
                        T0,
                        "payment failed",
                        LabelSet.of(
                            "process_pid",
                            "4242",
                            "scope_name",
                            "io.example.Payments",
                            "http_request_method",
                            "POST",
                            "retry_ok",
                            "true",
                            "trace_id",
                            TRACE,
                            "span_id",
                            SPAN)))));
  }

  @Test
  void groupsByLevelKeepingOrderAndFallsBackForTimestamps() {
    Resource resource = Resource.newBuilder().addAttributes(kv("service.name", "web")).build();
    LogRecord info1 =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO2)
            .setBody(AnyValue.newBuilder().setStringValue("a"))
            .build();
    LogRecord warn =
        LogRecord.newBuilder()
            .setObservedTimeUnixNano(T0 + 1)
            .setSeverityText("WARNING")
            .setBody(AnyValue.newBuilder().setStringValue("b"))
            .build();
    LogRecord info2 =
        LogRecord.newBuilder()
            .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
            .setBody(AnyValue.newBuilder().setStringValue("c"))
            .build();
    LogRecord none = LogRecord.newBuilder().setTimeUnixNano(T0 + 3).build();

    DecodedLogs decoded =
        OtlpLogDecoder.decode(request(resource, "", info1, warn, info2, none), 42);

    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("service_name", "web", "level", "info"),
                List.of(new LogEntry(T0, "a"), new LogEntry(42, "c"))),
            new LogStream(
                LabelSet.of("service_name", "web", "level", "warn"),
                List.of(new LogEntry(T0 + 1, "b"))),
            new LogStream(LabelSet.of("service_name", "web"), List.of(new LogEntry(T0 + 3, ""))));
  }

  @Test
  void newEnvironmentConventionWinsAndMissingServiceIsUnknown() {
    Resource resource =
        Resource.newBuilder()
            .addAttributes(kv("deployment.environment.name", "staging"))
            .addAttributes(kv("deployment.environment", "old"))
            .build();
    DecodedLogs decoded =
        OtlpLogDecoder.decode(
            request(resource, "", LogRecord.newBuilder().setTimeUnixNano(T0).build()), 0);

    assertThat(decoded.streams().getFirst().labels())
        .isEqualTo(LabelSet.of("service_name", "unknown_service", "env", "staging"));
  }

  @Test
  void nonStringBodiesAndAttributesBecomeJsonText() {
    AnyValue map =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(kv("user", "ann"))
                    .addValues(
                        KeyValue.newBuilder()
                            .setKey("n")
                            .setValue(AnyValue.newBuilder().setIntValue(3)))
                    .addValues(
                        KeyValue.newBuilder()
                            .setKey("tags")
                            .setValue(
                                AnyValue.newBuilder()
                                    .setArrayValue(
                                        ArrayValue.newBuilder()
                                            .addValues(AnyValue.newBuilder().setStringValue("x"))
                                            .addValues(
                                                AnyValue.newBuilder().setDoubleValue(1.5))))))
            .build();
    LogRecord record =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setBody(map)
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("ratio")
                    .setValue(AnyValue.newBuilder().setDoubleValue(2.0)))
            .build();

    LogEntry entry =
        OtlpLogDecoder.decode(request(Resource.getDefaultInstance(), "", record), 0)
            .streams()
            .getFirst()
            .entries()
            .getFirst();

    assertThat(entry.line()).isEqualTo("{\"user\":\"ann\",\"n\":3,\"tags\":[\"x\",1.5]}");
    assertThat(entry.metadata()).isEqualTo(LabelSet.of("ratio", "2"));
  }

  @Test
  void recordsWithMalformedIdsAreRejectedAndAllZeroIdsAreAbsent() {
    LogRecord bad =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setTraceId(ByteString.copyFrom(new byte[15]))
            .build();
    LogRecord zero =
        LogRecord.newBuilder()
            .setTimeUnixNano(T0)
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[8]))
            .setBody(AnyValue.newBuilder().setStringValue("ok"))
            .build();
    LogRecord badSpan = LogRecord.newBuilder().setSpanId(ByteString.copyFrom(new byte[3])).build();

    DecodedLogs decoded =
        OtlpLogDecoder.decode(request(Resource.getDefaultInstance(), "lib", bad, zero, badSpan), 0);

    assertThat(decoded.rejectedCount()).isEqualTo(2);
    assertThat(decoded.errorMessage())
        .isEqualTo(
            "2 log records rejected: record 0 of scope 'lib' has a trace ID of 15 bytes (want 16);"
                + " record 2 of scope 'lib' has a span ID of 3 bytes (want 8)");
    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("service_name", "unknown_service"),
                List.of(new LogEntry(T0, "ok", LabelSet.of("scope_name", "lib")))));
  }

  @Test
  void timesBeyondSignedNanosAreRejectedAsTheTimeSentNotWrappedTo1915() {
    long year2500 = Long.parseUnsignedLong("16725225600000000000");
    LogRecord future = LogRecord.newBuilder().setTimeUnixNano(year2500).build();
    LogRecord observedMax = LogRecord.newBuilder().setObservedTimeUnixNano(-1L).build();
    LogRecord fine =
        LogRecord.newBuilder().setTimeUnixNano(T0).setObservedTimeUnixNano(-1L).build();

    DecodedLogs decoded =
        OtlpLogDecoder.decode(
            request(Resource.getDefaultInstance(), "lib", future, observedMax, fine), 0);

    assertThat(decoded.rejectedCount()).isEqualTo(2);
    assertThat(decoded.errorMessage())
        .isEqualTo(
            "2 log records rejected: record 0 of scope 'lib' has timestamp too"
                + " new: 2500-01-01T00:00:00Z (time_unix_nano 16725225600000000000), after 2262-04-11T23:47:16.854775807Z,"
                + " the latest time a log entry can have; record 1 of scope 'lib' has timestamp too new:"
                + " 2554-07-21T23:34:33.709551615Z (observed_time_unix_nano 18446744073709551615), after"
                + " 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
    assertThat(decoded.streams())
        .singleElement()
        .satisfies(
            stream ->
                assertThat(stream.entries())
                    .extracting(LogEntry::timestampNanos)
                    .containsExactly(T0));
    DecodedLogs max =
        OtlpLogDecoder.decode(request(Resource.getDefaultInstance(), "lib", observedMax), 0);
    assertThat(max.errorMessage())
        .contains(
            "too new: 2554-07-21T23:34:33.709551615Z (observed_time_unix_nano"
                + " 18446744073709551615)");
  }

  @Test
  void parsesOtlpJsonWithHexIds() {
    String json =
        """
        {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
          "scopeLogs":[{"scope":{"name":"s"},"logRecords":[{"timeUnixNano":"1700000000000000000",
            "severityNumber":9,"body":{"stringValue":"hello"},
            "traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"b7ad6b7169203331"}]}]}]}
        """;

    DecodedLogs decoded = OtlpLogDecoder.decode(OtlpLogDecoder.parseJson(json.getBytes(UTF_8)), 0);

    assertThat(decoded.streams())
        .containsExactly(
            new LogStream(
                LabelSet.of("service_name", "api", "level", "info"),
                List.of(
                    new LogEntry(
                        T0,
                        "hello",
                        LabelSet.of("scope_name", "s", "trace_id", TRACE, "span_id", SPAN)))));
  }

  @Test
  void otlpJsonErrorsNameThePath() {
    String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}";

    assertThatThrownBy(() -> OtlpLogDecoder.parseJson(json.getBytes(UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "resourceLogs[0].scopeLogs[0].logRecords[0].traceId: 'xyz' is not hex");
  }

  private static ExportLogsServiceRequest request(
      Resource resource, String scope, LogRecord... records) {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource)
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(scope))
                        .addAllLogRecords(List.of(records))))
        .build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
