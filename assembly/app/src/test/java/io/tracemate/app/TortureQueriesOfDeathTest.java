package io.tracemate.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.testing.otlp.OtlpRequests;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite's queries of death (issue 15), against one server process with the 512 MiB heap the
 * crash tests use (it exits on OutOfMemoryError, as bin/tracemate runs it): a 100,000-span trace, a catastrophic
 * regex, a year-long range, a million-point metric query, a million-series metric query and a line_format that
 * doubles each line 26 times. Each is answered (in full, or refused naming the limit) within its time-out, and the
 * server is still up and ready after all of them.
 */
class TortureQueriesOfDeathTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HUGE_TRACE_SPANS = 100_000;
  private static final int SPANS_PER_REQUEST = 5_000;
  private static final int DISTINCT_LINES = 2_000;

  @TempDir Path dir;

  @Test
  void queriesOfDeathAreBoundedAndTheServerStaysUp() throws Exception {
    Path log = dir.resolve("server.log");
    try (ServerProcess server =
        new ServerProcess(
            dir.resolve("data"), log, ServerProcess.freePort(), ServerProcess.freePort())) {
      server.awaitReady(Duration.ofSeconds(60));
      HttpClient client = HttpClient.newHttpClient();
      long now = System.currentTimeMillis() * 1_000_000L;
      ByteString traceId = OtlpRequests.traceId(0x0dea_d000_0000_0000L, 42);
      for (int from = 0; from < HUGE_TRACE_SPANS; from += SPANS_PER_REQUEST) {
        assertThat(
                ServerProcess.post(
                    client,
                    server.otlpHttpPort,
                    "/v1/traces",
                    "application/x-protobuf",
                    HttpRequest.BodyPublishers.ofByteArray(
                        hugeTracePart(traceId, from, now).toByteArray())))
            .isEqualTo(200);
      }
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < DISTINCT_LINES; i++) {
        values
            .append(i == 0 ? "" : ",")
            .append("[\"")
            .append(now - i * 1_000_000L)
            .append("\",\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa line ")
            .append(i)
            .append("\"]");
      }
      assertThat(
              ServerProcess.post(
                  client,
                  server.httpPort,
                  "/loki/api/v1/push",
                  "application/json",
                  HttpRequest.BodyPublishers.ofString(
                      "{\"streams\":[{\"stream\":{\"app\":\"death\"},\"values\":["
                          + values
                          + "]}]}")))
          .isEqualTo(204);
      Thread.sleep(1_500); // the store's refresh

      String traceHex = String.format("%016x%016x", 0x0dea_d000_0000_0000L, 42L);
      HttpResponse<String> trace;
      int spans = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do { // all of it is searchable once the queue has written it to the store and it refreshed
        trace = get(client, server, "/api/traces/" + traceHex);
        if (trace.statusCode() != 200) {
          break;
        }
        spans = JSON.readTree(trace.body()).path("data").path(0).path("spans").size();
      } while (spans < HUGE_TRACE_SPANS && System.nanoTime() < deadline && sleep(500));
      report("100,000-span trace", trace);
      if (trace.statusCode() == 200) {
        assertThat(spans).isEqualTo(HUGE_TRACE_SPANS);
      } else {
        assertRefusedNamingALimit(trace);
      }
      assertReady(client, server);

      long hour = 3_600_000_000_000L;
      HttpResponse<String> regex =
          logql(client, server, "{app=\"death\"} |~ \"(a+)+(a|aa)*(b|a+)*$\"", now - hour, now + 1);
      report("catastrophic regex", regex);
      assertThat(regex.statusCode()).as(regex.body()).isEqualTo(200);
      assertReady(client, server);

      HttpResponse<String> year =
          logql(client, server, "{app=\"death\"}", now - 365 * 24 * hour, now + 1);
      report("year-long range", year);
      assertThat(year.statusCode()).as(year.body()).isEqualTo(400);
      assertThat(year.body()).contains("max_query_length");
      assertReady(client, server);

      HttpResponse<String> series =
          logqlRange(
              client,
              server,
              "sum by (n) (count_over_time({app=\"death\"} | label_format n=\"{{__line__}}\" [1h]))",
              now - hour,
              now + 1,
              "60s");
      report("one series per line", series);
      assertThat(series.statusCode()).as(series.body()).isEqualTo(400);
      assertThat(series.body()).contains("max_query_series");
      assertReady(client, server);

      HttpResponse<String> points =
          get(
              client,
              server,
              "/api/v1/query_range?query="
                  + URLEncoder.encode("sum(rate(traces_span_metrics_calls_total[5m]))", UTF_8)
                  + "&start=0&end="
                  + System.currentTimeMillis() / 1000
                  + "&step=1");
      report("a million points per series", points);
      assertThat(points.statusCode()).as(points.body()).isEqualTo(400);
      assertThat(points.body()).contains("exceeded maximum resolution");
      assertReady(client, server);

      String doubling =
          "{app=\"death\"}"
              + String.join(
                  "", Collections.nCopies(26, " | line_format \"{{__line__}}{{__line__}}\""));
      HttpResponse<String> huge = logql(client, server, doubling, now - hour, now + 1);
      report("line_format doubling 26 times", huge);
      assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
      assertThat(huge.body()).contains("max_formatted_line_size");
      assertReady(client, server);
      assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    } catch (AssertionError | Exception e) {
      ServerProcess.printLog(log);
      throw e;
    }
  }

  private static ExportTraceServiceRequest hugeTracePart(ByteString traceId, int from, long now) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = from; i < from + SPANS_PER_REQUEST; i++) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(OtlpRequests.spanId(i + 1))
              .setName("call-" + (i % 50))
              .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
              .setStartTimeUnixNano(now + i * 1000L)
              .setEndTimeUnixNano(now + i * 1000L + 500);
      if (i > 0) {
        span.setParentSpanId(OtlpRequests.spanId(1 + (i - 1) / 10));
      }
      scope.addSpans(span);
    }
    return OtlpRequests.spans("death-star", scope);
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  private static void report(String what, HttpResponse<String> answer) {
    String body = answer.body();
    System.out.printf(
        "torture: %s -> %d %s%n",
        what, answer.statusCode(), body.length() > 200 ? body.substring(0, 200) + "..." : body);
  }

  private static void assertRefusedNamingALimit(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499);
    assertThat(answer.body()).as("names the limit").containsPattern("max[_-]");
  }

  private static void assertReady(HttpClient client, ServerProcess server) throws Exception {
    assertThat(server.isAlive()).as("server process alive").isTrue();
    assertThat(get(client, server, "/ready").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(HttpClient client, ServerProcess server, String path)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort + path))
            .timeout(Duration.ofSeconds(120))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> logql(
      HttpClient client, ServerProcess server, String query, long start, long end)
      throws Exception {
    return get(
        client,
        server,
        "/loki/api/v1/query_range?query="
            + URLEncoder.encode(query, UTF_8)
            + "&start="
            + start
            + "&end="
            + end
            + "&limit=100");
  }

  private static HttpResponse<String> logqlRange(
      HttpClient client, ServerProcess server, String query, long start, long end, String step)
      throws Exception {
    return get(
        client,
        server,
        "/loki/api/v1/query_range?query="
            + URLEncoder.encode(query, UTF_8)
            + "&start="
            + start
            + "&end="
            + end
            + "&step="
            + step);
  }
}
