package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process with the launcher's heap (-Xmx2g, exiting on OutOfMemoryError) sent bodies that are small
 * for what they decode into: a 60 MiB request of empty spans (two bytes each on the wire, 30 million spans and
 * about 3.4 GB of heap once parsed) drove it into back-to-back full GCs. Counted before decoding, it is refused
 * with 413 / RESOURCE_EXHAUSTED over OTLP/HTTP protobuf and JSON and over gRPC; medium requests sent all at once
 * are refused retryably once their decoded heap fills the in-flight budget; and the server keeps storing what
 * follows.
 */
class HostileExpansionTest {
  private static final int BODY = 60 << 20;

  @TempDir Path dir;

  @Test
  void sixtyMebibytesOfEmptySpansAreRefusedBeforeTheyAreDecoded() throws Exception {
    Path log = dir.resolve("server.log");
    ClientFactory clients = ClientFactory.builder().idleTimeout(Duration.ZERO).build();
    try (ServerProcess server = launcherHeap(log)) {
      server.awaitReady(Duration.ofSeconds(60));
      HttpClient http = HttpClient.newHttpClient();
      int spans = BODY / 2;

      HttpResponse<byte[]> protobuf =
          post(http, server.otlpHttpPort, "application/x-protobuf", emptySpans(spans));
      assertThat(protobuf.statusCode()).isEqualTo(413);
      assertThat(com.google.rpc.Status.parseFrom(protobuf.body()).getMessage())
          .contains((spans + 3) + " objects")
          .contains("receivers.max-request-objects");

      HttpResponse<byte[]> json =
          post(http, server.otlpHttpPort, "application/json", emptySpansJson(BODY / 3));
      assertThat(json.statusCode()).isEqualTo(413);
      assertThat(new String(json.body(), UTF_8))
          .contains("objects")
          .contains("receivers.max-request-objects");

      byte[] message = emptySpans(spans);
      byte[] frame =
          ByteBuffer.allocate(5 + message.length)
              .put((byte) 0)
              .putInt(message.length)
              .put(message)
              .array();
      AggregatedHttpResponse grpc =
          WebClient.builder("h2c://127.0.0.1:" + server.otlpGrpcPort)
              .factory(clients)
              .responseTimeout(Duration.ofMinutes(2))
              .maxResponseLength(0)
              .build()
              .execute(
                  HttpRequest.of(
                      RequestHeaders.builder(
                              HttpMethod.POST,
                              "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
                          .contentType(MediaType.parse("application/grpc"))
                          .set("te", "trailers")
                          .build(),
                      HttpData.wrap(frame)))
              .aggregate()
              .get(2, TimeUnit.MINUTES);
      String status = grpc.trailers().get("grpc-status");
      assertThat(status != null ? status : grpc.headers().get("grpc-status"))
          .as("RESOURCE_EXHAUSTED")
          .isEqualTo("8");

      assertThat(server.isAlive()).isTrue();
      HostileUploadsTest.assertExportIsStored(server, "e4a0000000000000000000000000000e");
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    } finally {
      clients.close();
      ServerProcess.printLog(log);
    }
  }

  /**
   * Sixteen requests at once of 1.5 million empty spans each: 3 MB on the wire, under the object limit, about
   * 190 MB of heap each once decoded (3 GB together). Their decoded heap is charged to the in-flight budget (5 % of
   * the heap) before they are decoded, so those that do not fit are refused with 503 and Retry-After, and the
   * process never runs out of memory.
   */
  @Test
  void manyMediumRequestsAtOnceAreRefusedRetryably() throws Exception {
    Path log = dir.resolve("server.log");
    try (ServerProcess server = launcherHeap(log)) {
      server.awaitReady(Duration.ofSeconds(60));
      byte[] body = emptySpans(1_500_000);
      HttpClient http = HttpClient.newBuilder().build();
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        answers.add(
            http.sendAsync(
                request(server.otlpHttpPort, "application/x-protobuf", body),
                HttpResponse.BodyHandlers.ofByteArray()));
      }
      int refused = 0;
      for (CompletableFuture<HttpResponse<byte[]>> answer : answers) {
        HttpResponse<byte[]> response = answer.get(3, TimeUnit.MINUTES);
        assertThat(response.statusCode()).isIn(200, 503);
        if (response.headers().firstValue("Retry-After").isPresent()) {
          refused++;
        } else if (response.statusCode() == 503) {
          // Armeria's own request time-out (10 s) on a machine busy decoding: retryable all the
          // same.
          System.out.println("503 without Retry-After: " + new String(response.body(), UTF_8));
        }
      }

      assertThat(refused).as("requests refused for the budget, with Retry-After").isPositive();
      assertThat(server.metric("tracemate_receiver_inflight_request_refusals_total"))
          .isGreaterThanOrEqualTo(refused);
      assertThat(server.isAlive()).isTrue();
      HostileUploadsTest.assertExportIsStored(server, "e4a0000000000000000000000000000f");
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    } finally {
      ServerProcess.printLog(log);
    }
  }

  private ServerProcess launcherHeap(Path log) throws IOException {
    return new ServerProcess(
        dir.resolve("data"),
        log,
        List.of("-Xmx2g", "-XX:+ExitOnOutOfMemoryError"),
        ServerProcess.freePort(),
        ServerProcess.freePort());
  }

  private static HttpResponse<byte[]> post(
      HttpClient http, int port, String contentType, byte[] body)
      throws IOException, InterruptedException {
    return http.send(request(port, contentType, body), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static java.net.http.HttpRequest request(int port, String contentType, byte[] body) {
    return java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/traces"))
        .header("Content-Type", contentType)
        .timeout(Duration.ofMinutes(2))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /**
   * ExportTraceServiceRequest { resource_spans { scope_spans { spans {} × count } } }, written field by field:
   * building 30 million Span messages to serialize them would itself take gigabytes.
   */
  static byte[] emptySpans(int count) throws IOException {
    byte[] spans = new byte[2 * count];
    for (int i = 0; i < spans.length; i += 2) {
      spans[i] = 0x12; // ScopeSpans.spans (2), length-delimited; length 0
    }
    // ScopeSpans' content, in ResourceSpans.scope_spans (2), in the request's resource_spans (1).
    return lengthDelimited(1, lengthDelimited(2, spans));
  }

  private static byte[] lengthDelimited(int field, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 16);
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    coded.writeByteArray(field, content);
    coded.flush();
    return out.toByteArray();
  }

  /** {"resourceSpans":[{"scopeSpans":[{"spans":[{},{},...]}]}]}. */
  private static byte[] emptySpansJson(int count) {
    byte[] head = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[".getBytes(UTF_8);
    byte[] tail = "]}]}]}".getBytes(UTF_8);
    byte[] json = new byte[head.length + 3 * count - 1 + tail.length];
    System.arraycopy(head, 0, json, 0, head.length);
    byte[] element = "{},".getBytes(UTF_8);
    for (int i = 0; i < count; i++) {
      System.arraycopy(element, 0, json, head.length + 3 * i, i == count - 1 ? 2 : 3);
    }
    System.arraycopy(tail, 0, json, json.length - tail.length, tail.length);
    return json;
  }
}
