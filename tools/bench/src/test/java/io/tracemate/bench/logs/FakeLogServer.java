package io.tracemate.bench.logs;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import io.tracemate.bench.ThrottledIngest;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in log server on one loopback port: Loki push (decoded with the server's own decoder, so a malformed
 * body fails the test; the first push is throttled with 429 + Retry-After: 0), query_range answering with a scan
 * cost header, the trace lookup over the trace IDs it received, and /metrics with the store gauges (100 bytes per
 * line) and a CPU counter that advances 0.5 s per scrape.
 */
final class FakeLogServer implements AutoCloseable {

  static final int BYTES_PER_LINE = 100;

  final Set<String> traceIds = ConcurrentHashMap.newKeySet();
  final AtomicLong lines = new AtomicLong();
  final AtomicLong lineBytes = new AtomicLong();
  final AtomicInteger throttled = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();
  private final AtomicLong cpuHalfSeconds = new AtomicLong();
  private final Server server;

  FakeLogServer() {
    server =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
            .maxRequestLength(64 << 20)
            .service(
                "/loki/api/v1/push",
                ThrottledIngest.firstRequestThrottled(
                    throttled,
                    body -> {
                      byte[] content = body.content().array();
                      DecodedLogs decoded =
                          MediaType.JSON.is(body.contentType())
                              ? LokiPushDecoder.decodeJson(content)
                              : LokiPushDecoder.decodeProtobuf(
                                  LokiPushDecoder.unsnappy(content, 64 << 20));
                      for (LogStream stream : decoded.streams()) {
                        for (LogEntry entry : stream.entries()) {
                          lines.incrementAndGet();
                          lineBytes.addAndGet(entry.lineBytes());
                          if (entry.traceId() != null) {
                            traceIds.add(entry.traceId());
                          }
                        }
                      }
                      return HttpResponse.of(HttpStatus.NO_CONTENT);
                    }))
            .service(
                "/metrics",
                (ctx, req) ->
                    HttpResponse.of(
                        HttpStatus.OK,
                        MediaType.PLAIN_TEXT,
                        "# TYPE process_cpu_seconds_total counter\n"
                            + "process_cpu_seconds_total "
                            + cpuHalfSeconds.incrementAndGet() / 2.0
                            + "\n"
                            + "tracemate_queue_size{signal=\"logs\"} 0\n"
                            + "tracemate_log_store_lines "
                            + lines.get()
                            + "\n"
                            + "tracemate_log_store_bytes "
                            + lines.get() * BYTES_PER_LINE
                            + "\n"))
            .service(
                "/loki/api/v1/query_range",
                (ctx, req) -> {
                  queries.incrementAndGet();
                  return HttpResponse.of(
                      ResponseHeaders.builder(HttpStatus.OK)
                          .contentType(MediaType.JSON)
                          .add(ScanQueryPhase.BYTES_SCANNED_HEADER, Long.toString(lineBytes.get()))
                          .add(ScanQueryPhase.LINES_SCANNED_HEADER, Long.toString(lines.get()))
                          .build(),
                      com.linecorp.armeria.common.HttpData.ofUtf8(
                          "{\"status\":\"success\",\"data\":{\"resultType\":"
                              + "\"streams\",\"result\":[{\"stream\":{\"app\":\"payment\"},\"values\":[[\"1\",\"a\"],[\"2\",\"b\"]]}]}}"));
                })
            .service(
                "prefix:/api/logs/trace/",
                (ctx, req) -> {
                  String traceId =
                      ctx.mappedPath().substring(ctx.mappedPath().lastIndexOf('/') + 1);
                  String entries =
                      traceIds.contains(traceId) ? "[{\"line\":\"x\"},{\"line\":\"y\"}]" : "[]";
                  return HttpResponse.of(
                      HttpStatus.OK,
                      MediaType.JSON,
                      "{\"traceID\":\"" + traceId + "\",\"entries\":" + entries + "}");
                })
            .build();
    server.start().join();
  }

  int port() {
    return server.activeLocalPort();
  }

  @Override
  public void close() {
    server.stop().join();
  }
}
