package io.tracemate.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.testing.otlp.OtlpRequests;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process is killed with SIGKILL while clients are sending; after a restart every span it
 * acknowledged must be there exactly once, and client retries of acknowledged requests must not duplicate.
 */
class CrashRecoveryTest {
  static final int SPANS_PER_TRACE = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fixed per run so that a retried request is byte-for-byte the request the server acknowledged. */
  private static final long BASE_NANOS = System.currentTimeMillis() * 1_000_000L;

  @TempDir Path dir;

  static ExportTraceServiceRequest trace(long traceNumber) {
    ByteString traceId = OtlpRequests.traceId(0x7ace_0000_0000_0000L | traceNumber, traceNumber);
    long now = BASE_NANOS + traceNumber * 1_000_000L;
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < SPANS_PER_TRACE; i++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(OtlpRequests.spanId(i + 1))
              .setName("op-" + i)
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(now + i * 1000L)
              .setEndTimeUnixNano(now + i * 1000L + 500_000)
              .addAttributes(
                  KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(i)));
      if (i > 0) {
        span.setParentSpanId(OtlpRequests.spanId(1));
      }
      scope.addSpans(span);
    }
    return OtlpRequests.spans("crash-test", scope);
  }

  static String traceIdHex(long traceNumber) {
    return String.format("%016x%016x", 0x7ace_0000_0000_0000L | traceNumber, traceNumber);
  }

  static int post(HttpClient client, int port, ExportTraceServiceRequest request)
      throws IOException, InterruptedException {
    return ServerProcess.post(
        client,
        port,
        "/v1/traces",
        "application/x-protobuf",
        HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()));
  }

  @Test
  void sigkillDuringIngestLosesNoAcknowledgedSpanAndDuplicatesNone() throws Exception {
    ServerProcess.Setup setup = ServerProcess.Setup.in(dir);
    int otlpPort = setup.otlpHttpPort();
    HttpClient client = HttpClient.newHttpClient();
    Set<Long> acknowledged =
        setup.killWhileSending(300, Long.MAX_VALUE, n -> post(client, otlpPort, trace(n)) == 200);
    assertThat(acknowledged)
        .as("spans acknowledged before the kill")
        .hasSizeGreaterThanOrEqualTo(100);

    try (ServerProcess second = setup.start()) {
      // Clients whose acknowledgement got lost retry (over new connections): the same spans again
      // must not show twice.
      HttpClient retrying = HttpClient.newHttpClient();
      List<Long> retried = new ArrayList<>(acknowledged).subList(0, 20);
      for (long n : retried) {
        assertThat(post(retrying, otlpPort, trace(n))).isEqualTo(200);
      }
      Map<Long, Integer> missingOrWrong = new java.util.TreeMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      Set<Long> pending = new HashSet<>(acknowledged);
      while (!pending.isEmpty() && System.nanoTime() < deadline) {
        missingOrWrong.clear();
        for (long n : List.copyOf(pending)) {
          HttpResponse<String> response = second.get("/api/traces/" + traceIdHex(n));
          int spans =
              response.statusCode() == 200
                  ? JSON.readTree(response.body()).path("data").path(0).path("spans").size()
                  : 0;
          if (spans == SPANS_PER_TRACE) {
            pending.remove(n);
          } else {
            missingOrWrong.put(n, spans);
          }
        }
        if (!pending.isEmpty()) {
          Thread.sleep(200);
        }
      }
      assertThat(missingOrWrong)
          .as(
              "acknowledged traces missing or with the wrong span count (of %d)",
              acknowledged.size())
          .isEmpty();
      JsonNode services = JSON.readTree(second.get("/api/services").body());
      assertThat(services.path("data").toString()).contains("crash-test");
      assertThat(second.terminate(Duration.ofSeconds(30))).as("exit code after SIGTERM").isZero();
    } finally {
      ServerProcess.printLog(setup.log());
    }
  }
}
