package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.testing.otlp.OtlpRequests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server process with a small heap that exits on OutOfMemoryError, hit as a hostile client would: uploads
 * that declare 64 MiB bodies and send a few bytes (over HTTP/1.1 on every receiver port, as HTTP/2 streams, as
 * gRPC calls), then more uploads than the request-body budget holds. It must stay up, refuse the excess with
 * 503 and Retry-After, give the budget back when the clients go away, and then store a normal request.
 */
class HostileUploadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DECLARED = 64L << 20;
  private static final int CHUNK = 64 * 1024;

  @TempDir Path dir;

  @Test
  void uploadsCannotExhaustTheHeapAndTheServerStillStoresWhatItAcknowledges() throws Exception {
    Path log = dir.resolve("server.log");
    List<Socket> sockets = new ArrayList<>();
    List<HttpRequestWriter> streams = new ArrayList<>();
    ClientFactory clients = ClientFactory.builder().idleTimeout(Duration.ZERO).build();
    try (ServerProcess server =
        new ServerProcess(
            dir.resolve("data"),
            log,
            List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
            ServerProcess.freePort(),
            ServerProcess.freePort())) {
      server.awaitReady(Duration.ofSeconds(60));

      // Each of these reserved its declared 64 MiB before: a handful of them exhausted a 256 MiB
      // heap.
      for (int i = 0; i < 48; i++) {
        int port =
            i % 3 == 0 ? server.otlpHttpPort : i % 3 == 1 ? server.zipkinPort : server.httpPort;
        String path =
            i % 3 == 0 ? "/v1/traces" : i % 3 == 1 ? "/api/v2/spans" : "/loki/api/v1/push";
        sockets.add(declareAndSend(port, path, 10));
      }
      WebClient h2c = client(clients, "h2c", server.otlpHttpPort);
      for (int i = 0; i < 40; i++) {
        streams.add(
            startStream(h2c, "/v1/traces", "application/x-protobuf", DECLARED, new byte[10]));
      }
      WebClient grpc = client(clients, "h2c", server.otlpGrpcPort);
      for (int i = 0; i < 8; i++) {
        byte[] frameStart = ByteBuffer.allocate(10).put((byte) 0).putInt(60 << 20).array();
        streams.add(
            startStream(
                grpc,
                "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
                "application/grpc",
                -1,
                frameStart));
      }
      awaitMetric(
          server,
          "tracemate_receiver_inflight_request_bytes",
          bytes -> bytes == 48 * 10 + 40 * 10 + 8 * 10);
      assertThat(server.isAlive()).isTrue();

      // Now bodies that really arrive: 24 uploads of 1 MiB each, more than the budget (5 % of the
      // heap) holds.
      double limit = metric(server, "tracemate_receiver_inflight_request_limit_bytes");
      assertThat(limit).isBetween(8.0 * (1 << 20), 16.0 * (1 << 20));
      WebClient h1c = client(clients, "h1c", server.otlpHttpPort);
      List<CompletableFuture<AggregatedHttpResponse>> answers = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        HttpRequestWriter upload =
            HttpRequest.streaming(
                RequestHeaders.builder(HttpMethod.POST, "/v1/traces")
                    .contentType(MediaType.parse("application/x-protobuf"))
                    .contentLength(DECLARED)
                    .build());
        answers.add(h1c.execute(upload).aggregate());
        for (int sent = 0; sent < 1 << 20; sent += CHUNK) {
          upload.tryWrite(HttpData.wrap(new byte[CHUNK]));
        }
        streams.add(upload);
      }
      int mostThatFit = (int) (limit / (1 << 20));
      awaitCompleted(server, answers, 24 - mostThatFit - 1);
      for (CompletableFuture<AggregatedHttpResponse> answer : answers) {
        if (answer.isDone()) {
          AggregatedHttpResponse refused = answer.join();
          assertThat(refused.status().code()).isEqualTo(503);
          assertThat(refused.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
          assertThat(refused.contentUtf8()).contains("retry later");
        }
      }
      assertThat(metric(server, "tracemate_receiver_inflight_request_bytes"))
          .isLessThanOrEqualTo(limit);
      assertThat(metric(server, "tracemate_receiver_inflight_request_refusals_total"))
          .isGreaterThanOrEqualTo(24 - mostThatFit - 1);
      assertThat(server.isAlive()).isTrue();

      // The clients go away: everything they held is given back.
      streams.forEach(HttpRequestWriter::abort);
      for (Socket socket : sockets) {
        socket.close();
      }
      awaitMetric(server, "tracemate_receiver_inflight_request_bytes", bytes -> bytes == 0);

      // And a normal export is acknowledged and stored.
      byte[] traceId = HexFormat.of().parseHex("5a1e0000000000000000000000000001");
      HttpClient http = HttpClient.newHttpClient();
      int status =
          http.send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.otlpHttpPort + "/v1/traces"))
                      .header("Content-Type", "application/x-protobuf")
                      .timeout(Duration.ofSeconds(20))
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                              trace(traceId).toByteArray()))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding())
              .statusCode();
      assertThat(status).isEqualTo(200);
      awaitStored(server, HexFormat.of().formatHex(traceId));
      assertThat(server.isAlive()).isTrue();
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      clients.close();
      ServerProcess.printLog(log);
    }
  }

  /**
   * gRPC messages compressed with gzip, each a 60 KiB bomb inflating to a 60 MiB span, 40 at once on one HTTP/2
   * connection, against the launcher's 2 GiB heap: Armeria inflated each whole message for protobuf before the
   * service could charge it to the budget, and the process ran out of memory. Charged as they inflate, the calls
   * beyond the budget are refused (UNAVAILABLE with RetryInfo), the process stays up, and it stores what follows.
   */
  @Test
  void grpcGzipBombsOnManyStreamsAreRefusedWhileTheyInflate() throws Exception {
    Path log = dir.resolve("server.log");
    ClientFactory clients = ClientFactory.builder().idleTimeout(Duration.ZERO).build();
    try (ServerProcess server =
        new ServerProcess(
            dir.resolve("data"),
            log,
            List.of("-Xmx2g", "-XX:+ExitOnOutOfMemoryError"),
            ServerProcess.freePort(),
            ServerProcess.freePort())) {
      server.awaitReady(Duration.ofSeconds(60));
      byte[] bomb = gzip(bigSpan(60 << 20).toByteArray());
      assertThat(bomb.length).isLessThan(1 << 20);
      byte[] frame =
          ByteBuffer.allocate(5 + bomb.length).put((byte) 1).putInt(bomb.length).put(bomb).array();
      WebClient grpc = client(clients, "h2c", server.otlpGrpcPort);
      List<CompletableFuture<AggregatedHttpResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        RequestHeaders headers =
            RequestHeaders.builder(
                    HttpMethod.POST, "/opentelemetry.proto.collector.trace.v1.TraceService/Export")
                .contentType(MediaType.parse("application/grpc"))
                .set("te", "trailers")
                .set("grpc-encoding", "gzip")
                .build();
        calls.add(grpc.execute(HttpRequest.of(headers, HttpData.wrap(frame))).aggregate());
      }
      int refused = 0;
      for (CompletableFuture<AggregatedHttpResponse> call : calls) {
        AggregatedHttpResponse answer = call.get(3, java.util.concurrent.TimeUnit.MINUTES);
        String status = answer.trailers().get("grpc-status");
        if (status == null) {
          status = answer.headers().get("grpc-status");
        }
        assertThat(status).as("grpc-status").isIn("0", "14");
        if (status.equals("14")) {
          refused++;
        }
      }
      assertThat(refused).as("calls refused for the budget").isGreaterThanOrEqualTo(30);
      assertThat(metric(server, "tracemate_receiver_inflight_request_refusals_total"))
          .isGreaterThanOrEqualTo(refused);
      assertThat(server.isAlive()).isTrue();
      assertExportIsStored(server, "6b1e0000000000000000000000000002");
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    } finally {
      clients.close();
      ServerProcess.printLog(log);
    }
  }

  /**
   * The query port's bodies (LogQL form POSTs) on 40 connections, 8 MiB each, against a 256 MiB heap: every one
   * used to be held in full while it arrived. Under the request-body budget the excess is refused with 503,
   * Retry-After and Loki's plain-text error, and the server keeps answering queries.
   */
  @Test
  void queryBodiesOnManyConnectionsStayWithinTheBudget() throws Exception {
    Path log = dir.resolve("server.log");
    List<Socket> sockets = new ArrayList<>();
    try (ServerProcess server =
        new ServerProcess(
            dir.resolve("data"),
            log,
            List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
            ServerProcess.freePort(),
            ServerProcess.freePort())) {
      server.awaitReady(Duration.ofSeconds(60));
      int body = 8 << 20;
      byte[] chunk = new byte[CHUNK];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 40; i++) {
        Socket socket = new Socket("127.0.0.1", server.httpPort);
        sockets.add(socket);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /loki/api/v1/query_range HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + (body + 1)
                    + "\r\n\r\nquery=")
                .getBytes(UTF_8));
        try {
          for (int sent = 0; sent < body - CHUNK; sent += CHUNK) {
            out.write(chunk);
          }
          out.flush();
        } catch (IOException refusedAndClosed) {
          // the server answered 503 and closed the connection while the body was still arriving
        }
      }
      assertThat(server.isAlive()).isTrue();
      assertThat(metric(server, "tracemate_receiver_inflight_request_bytes"))
          .isLessThanOrEqualTo(metric(server, "tracemate_receiver_inflight_request_limit_bytes"));
      assertThat(metric(server, "tracemate_receiver_inflight_request_refusals_total"))
          .isGreaterThanOrEqualTo(20);

      // What a refused client reads, while the connections above still hold their bytes: 503,
      // Retry-After, Loki's plain-text error.
      Socket probe = new Socket("127.0.0.1", server.httpPort);
      sockets.add(probe);
      probe.setSoTimeout(30_000);
      Thread sender =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      OutputStream out = probe.getOutputStream();
                      out.write(
                          ("POST /loki/api/v1/query_range HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                  + "Content-Type: application/x-www-form-urlencoded\r\n"
                                  + "Content-Length: "
                                  + (body + 1)
                                  + "\r\n\r\nquery=")
                              .getBytes(UTF_8));
                      for (int sent = 0; sent < body - CHUNK; sent += CHUNK) {
                        out.write(chunk);
                      }
                    } catch (IOException refusedAndClosed) {
                      // answered before the body was complete
                    }
                  });
      String answer = readUntil(probe, "retry later");
      assertThat(answer)
          .startsWith("http/1.1 503")
          .contains("retry-after: 1")
          .contains("text/plain")
          .contains("retry later");
      probe.close();
      sender.join(Duration.ofSeconds(30));

      for (Socket socket : sockets) {
        socket.close();
      }
      awaitMetric(server, "tracemate_receiver_inflight_request_bytes", bytes -> bytes == 0);
      assertThat(server.get("/loki/api/v1/labels").statusCode()).isEqualTo(200);
      assertThat(server.isAlive()).isTrue();
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      ServerProcess.printLog(log);
    }
  }

  /** What the server answers on {@code socket}, lower case, read until it contains {@code end} or the stream ends. */
  private static String readUntil(Socket socket, String end) throws IOException {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[1024];
    int read;
    while (!text.toString().contains(end) && (read = socket.getInputStream().read(buffer)) > 0) {
      text.append(new String(buffer, 0, read, UTF_8).toLowerCase(Locale.ROOT));
    }
    return text.toString();
  }

  /** A normal export over OTLP/HTTP is acknowledged and becomes readable. */
  static void assertExportIsStored(ServerProcess server, String traceIdHex) throws Exception {
    byte[] traceId = HexFormat.of().parseHex(traceIdHex);
    int status =
        ServerProcess.post(
            HttpClient.newHttpClient(),
            server.otlpHttpPort,
            "/v1/traces",
            "application/x-protobuf",
            java.net.http.HttpRequest.BodyPublishers.ofByteArray(trace(traceId).toByteArray()));
    assertThat(status).isEqualTo(200);
    awaitStored(server, traceIdHex);
  }

  /** One span carrying an attribute of {@code size} identical characters: a message gzip shrinks ~1,000-fold. */
  private static ExportTraceServiceRequest bigSpan(int size) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return OtlpRequests.span(
        "bomb",
        Span.newBuilder()
            .setTraceId(
                ByteString.copyFrom(HexFormat.of().parseHex("b0b0000000000000000000000000000b")))
            .setSpanId(OtlpRequests.spanId(0xb1))
            .setName("inflate")
            .setStartTimeUnixNano(now)
            .setEndTimeUnixNano(now + 1_000)
            .addAttributes(
                io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                    .setKey("padding")
                    .setValue(
                        io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                            .setStringValue("a".repeat(size)))));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(data);
    }
    return out.toByteArray();
  }

  private static WebClient client(ClientFactory factory, String scheme, int port) {
    return WebClient.builder(scheme + "://127.0.0.1:" + port)
        .factory(factory)
        .responseTimeout(Duration.ofMinutes(2))
        .writeTimeout(Duration.ofMinutes(2))
        .build();
  }

  /** An HTTP/1.1 upload declaring {@link #DECLARED} bytes that sends only {@code sent} of them. */
  private static Socket declareAndSend(int port, String path, int sent) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + DECLARED
                + "\r\n\r\n")
            .getBytes(UTF_8));
    out.write(new byte[sent]);
    out.flush();
    return socket;
  }

  /** A request that sends {@code first} and then nothing more, its answer left pending. */
  private static HttpRequestWriter startStream(
      WebClient client, String path, String contentType, long declared, byte[] first) {
    RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.POST, path)
            .contentType(MediaType.parse(contentType))
            .set("te", "trailers");
    if (declared > 0) {
      headers.contentLength(declared);
    }
    HttpRequestWriter stream = HttpRequest.streaming(headers.build());
    client.execute(stream).aggregate(); // answered only when the budget refuses it or it is aborted
    stream.tryWrite(HttpData.wrap(first));
    return stream;
  }

  static ExportTraceServiceRequest trace(byte[] traceId) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return OtlpRequests.span(
        "after-the-storm",
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(traceId))
            .setSpanId(OtlpRequests.spanId(0xa1))
            .setName("GET /orders")
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(now)
            .setEndTimeUnixNano(now + 1_000_000));
  }

  static double metric(ServerProcess server, String name) throws Exception {
    double value = server.metric(name);
    if (Double.isNaN(value)) {
      throw new AssertionError("no metric " + name + " on /metrics");
    }
    return value;
  }

  private static void awaitMetric(ServerProcess server, String name, DoublePredicate condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double last = Double.NaN;
    while (System.nanoTime() < deadline) {
      assertThat(server.isAlive()).as("server process alive").isTrue();
      last = metric(server, name);
      if (condition.test(last)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(name + " stayed at " + last);
  }

  private static void awaitCompleted(
      ServerProcess server, List<CompletableFuture<AggregatedHttpResponse>> answers, int atLeast)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (answers.stream().filter(CompletableFuture::isDone).count() < atLeast) {
      assertThat(server.isAlive()).as("server process alive").isTrue();
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "only "
                + answers.stream().filter(CompletableFuture::isDone).count()
                + " uploads were answered; expected at least "
                + atLeast);
      }
      Thread.sleep(50);
    }
  }

  static void awaitStored(ServerProcess server, String traceIdHex) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      var response = server.get("/api/traces/" + traceIdHex);
      if (response.statusCode() == 200
          && JSON.readTree(response.body()).path("data").path(0).path("spans").size() == 1) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("trace " + traceIdHex + " was acknowledged but never became readable");
  }
}
