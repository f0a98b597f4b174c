package io.tracemate.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.tracemate.testing.otlp.OtlpRequests;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xerial.snappy.Snappy;

/**
 * Issue 9: log timestamps past signed 64-bit nanoseconds (the year 2500, the largest unsigned 64-bit value) sent
 * through OTLP logs and Loki push to a real server are refused with a message naming the time sent, never
 * wrapped around and reported back as 1915; the lines in range next to them are kept and queryable.
 */
class LogTimesEndToEndTest {
  /** 2500-01-01T00:00:00Z in unsigned nanoseconds, as OTLP's fixed64 carries it. */
  private static final String YEAR_2500 = "16725225600000000000";

  private static final String U64_MAX = "18446744073709551615";

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();

  private static LogRecord record(long timeUnixNano, String line) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(timeUnixNano)
        .setBody(AnyValue.newBuilder().setStringValue(line))
        .build();
  }

  private static List<String> lines(String service) throws Exception {
    long now = System.currentTimeMillis() * 1_000_000L;
    JsonNode result =
        SERVER.getJson(
            "/loki/api/v1/query_range?query="
                + URLEncoder.encode("{service_name=\"" + service + "\"}", UTF_8)
                + "&start="
                + (now - 3_600_000_000_000L)
                + "&end="
                + (now + 60_000_000_000L)
                + "&limit=100");
    List<String> lines = new ArrayList<>();
    for (JsonNode stream : result.path("data").path("result")) {
      stream.path("values").forEach(value -> lines.add(value.path(1).asText()));
    }
    return lines;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http-protobuf", "http-json", "grpc"})
  void otlpLogsBeyondSignedNanosAreRefusedInPartialSuccessNamingTheTimeSent(String transport)
      throws Exception {
    String service = "log-times-" + transport;
    long now = System.currentTimeMillis() * 1_000_000L;
    ExportLogsServiceRequest request =
        OtlpRequests.logs(
            service,
            ScopeLogs.newBuilder()
                .addLogRecords(record(Long.parseUnsignedLong(YEAR_2500), "from 2500"))
                .addLogRecords(record(now, "kept"))
                .addLogRecords(record(-1L, "from 2554")));

    ExportLogsServiceResponse response = SERVER.exportOtlp(transport, OtlpSignal.LOGS, request);

    assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(2);
    assertThat(response.getPartialSuccess().getErrorMessage())
        .isEqualTo(
            "2 log records rejected: record 0 of scope '' has timestamp too new: 2500-01-01T00:00:00Z"
                + " (time_unix_nano "
                + YEAR_2500
                + "), after 2262-04-11T23:47:16.854775807Z, the latest time a log"
                + " entry can have; record 2 of scope '' has timestamp too new:"
                + " 2554-07-21T23:34:33.709551615Z (time_unix_nano 18446744073709551615),"
                + " after 2262-04-11T23:47:16.854775807Z, the latest time a log entry can have");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (lines(service).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lines(service)).containsExactly("kept");
  }

  private static HttpResponse<String> push(String contentType, byte[] body) throws Exception {
    return SERVER.post(SERVER.server().httpPort(), "/loki/api/v1/push", contentType, body);
  }

  @Test
  void lokiPushesBeyondSignedNanosAreRefusedNamingTheTimeSent() throws Exception {
    for (String timestamp : new String[] {YEAR_2500, U64_MAX}) {
      String json =
          "{\"streams\":[{\"stream\":{\"service_name\":\"loki-times\"},\"values\":[[\""
              + timestamp
              + "\",\"far\"]]}]}";
      HttpResponse<String> response = push("application/json", json.getBytes(UTF_8));
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body())
          .contains(
              "streams[0].values[0][0]: timestamp '"
                  + timestamp
                  + "' ("
                  + (timestamp.equals(YEAR_2500)
                      ? "2500-01-01T00:00:00Z"
                      : "2554-07-21T23:34:33.709551615Z")
                  + ") is too new: after 2262-04-11T23:47:16.854775807Z")
          .doesNotContain("1915");
    }

    Push.PushRequest year2500 =
        Push.PushRequest.newBuilder()
            .addStreams(
                Push.StreamAdapter.newBuilder()
                    .setLabels("{service_name=\"loki-times\"}")
                    .addEntries(
                        Push.EntryAdapter.newBuilder()
                            .setLine("far")
                            .setTimestamp(Timestamp.newBuilder().setSeconds(16_725_225_600L))))
            .build();
    HttpResponse<String> protobuf =
        push("application/x-protobuf", Snappy.compress(year2500.toByteArray()));
    assertThat(protobuf.statusCode()).isEqualTo(400);
    assertThat(protobuf.body())
        .contains("timestamp 16725225600 s (2500-01-01T00:00:00Z) is too new")
        .doesNotContain("1915");

    String now = Long.toString(System.currentTimeMillis() * 1_000_000L);
    assertThat(
            push(
                    "application/json",
                    ("{\"streams\":[{\"stream\":{\"service_name\":\"loki-times\"},\"values\":"
                            + "[[\""
                            + now
                            + "\",\"near\"]]}]}")
                        .getBytes(UTF_8))
                .statusCode())
        .isEqualTo(204);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (lines("loki-times").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(lines("loki-times"))
        .as("nothing of the refused pushes was stored")
        .containsExactly("near");
  }
}
