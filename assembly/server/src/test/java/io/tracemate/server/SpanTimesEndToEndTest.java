package io.tracemate.server;

import static io.tracemate.testing.otlp.OtlpRequests.traceIdHex;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.tracemate.testing.otlp.OtlpRequests;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9, "acknowledged, then silently dropped": spans whose start times the store cannot keep (0, 1 ns, eight
 * days ago with a seven-day retention, the largest unsigned 64-bit value, the year 2500) sent through every
 * span protocol to a real server. Each is either refused in the answer with its reason, or findable afterwards
 * by trace ID and by a search covering its start; never acknowledged and then gone.
 */
class SpanTimesEndToEndTest {
  private static final long DAY_NS = Duration.ofDays(1).toNanos();

  /** 2500-01-01T00:00:00Z in unsigned nanoseconds, as OTLP's fixed64 carries it. */
  private static final long YEAR_2500 = Long.parseUnsignedLong("16725225600000000000");

  private static final AtomicLong ids = new AtomicLong(0x1000);

  @RegisterExtension static final RunningServer SERVER = RunningServer.perClass();

  private static long nowNanos() {
    return System.currentTimeMillis() * 1_000_000L;
  }

  /** Sends over the named transport and returns the OTLP answer (each transport's own success status). */
  private static ExportTraceServiceResponse export(
      String transport, ExportTraceServiceRequest request) throws Exception {
    return SERVER.exportOtlp(transport, OtlpSignal.TRACES, request);
  }

  /** The trace IDs of a Jaeger search answer, in its order. */
  private static List<String> traceIds(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.path("data").forEach(trace -> ids.add(trace.path("traceID").asText()));
    return ids;
  }

  private static String search(String service, long fromNanos, long toNanos) {
    return "/api/traces?service="
        + service
        + "&start="
        + fromNanos / 1000
        + "&end="
        + toNanos / 1000
        + "&limit=50";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http-protobuf", "http-json", "grpc"})
  void unkeepableStartsAreRefusedInPartialSuccessAndKeptOnesAreFound(String transport)
      throws Exception {
    String service = "times-" + transport;
    long now = nowNanos();
    record Case(long start, long end, String reason) {}
    Case[] refused = {
      new Case(0, now, "has no start time (0)"),
      new Case(
          1,
          2,
          "has start time too old: 1970-01-01T00:00:00.000000001Z, oldest acceptable start time is: "),
      new Case(now - 8 * DAY_NS, now - 8 * DAY_NS + 1000, "has start time too old: "),
      new Case(
          -1L,
          -1L,
          "has start time too new: 2554-07-21T23:34:33.709551615Z, newest acceptable start time"),
      new Case(
          YEAR_2500,
          YEAR_2500 + 1000,
          "has start time too new: 2500-01-01T00:00:00Z, newest acceptable"),
      new Case(
          now + Duration.ofHours(1).toNanos(), now + Duration.ofHours(1).toNanos(), "too new: "),
    };
    for (Case c : refused) {
      long id = ids.incrementAndGet();
      ExportTraceServiceResponse response =
          export(transport, OtlpRequests.span(service, id, c.start(), c.end()));
      assertThat(response.hasPartialSuccess()).as(c.reason()).isTrue();
      assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
      assertThat(response.getPartialSuccess().getErrorMessage())
          .startsWith(
              "1 span refused for their start time: span "
                  + String.format("%016x", id)
                  + " of trace "
                  + traceIdHex(id)
                  + " ")
          .contains(c.reason())
          .doesNotContain("1915");
    }

    long sixDaysAgo = now - 6 * DAY_NS;
    long oldId = ids.incrementAndGet();
    long endsEarlyId = ids.incrementAndGet();
    long nearFutureId = ids.incrementAndGet();
    long nearFuture = now + Duration.ofMinutes(5).toNanos();
    for (ExportTraceServiceRequest kept :
        new ExportTraceServiceRequest[] {
          OtlpRequests.span(service, oldId, sixDaysAgo, sixDaysAgo + 2_000_000),
          OtlpRequests.span(service, endsEarlyId, now, 0),
          OtlpRequests.span(service, nearFutureId, nearFuture, nearFuture + 3_000_000)
        }) {
      ExportTraceServiceResponse response = export(transport, kept);
      assertThat(response.hasPartialSuccess()).as("kept without partial success").isFalse();
    }

    JsonNode old =
        SERVER.await("/api/traces/" + traceIdHex(oldId), json -> json.path("data").size() == 1);
    JsonNode oldSpan = old.path("data").path(0).path("spans").path(0);
    assertThat(oldSpan.path("startTime").asLong()).isEqualTo(sixDaysAgo / 1000);
    assertThat(oldSpan.path("duration").asLong()).isEqualTo(2000);
    JsonNode endsEarly =
        SERVER.await(
            "/api/traces/" + traceIdHex(endsEarlyId), json -> json.path("data").size() == 1);
    assertThat(endsEarly.path("data").path(0).path("spans").path(0).path("duration").asLong())
        .as("an end before the start keeps a zero duration")
        .isZero();
    SERVER.await("/api/traces/" + traceIdHex(nearFutureId), json -> json.path("data").size() == 1);

    JsonNode sixDaysBack =
        SERVER.getJson(search(service, sixDaysAgo - 60_000_000_000L, sixDaysAgo + 60_000_000_000L));
    assertThat(traceIds(sixDaysBack)).containsExactly(traceIdHex(oldId));
    JsonNode aroundNow =
        SERVER.getJson(search(service, now - 60_000_000_000L, nearFuture + 60_000_000_000L));
    assertThat(traceIds(aroundNow))
        .containsExactlyInAnyOrder(traceIdHex(endsEarlyId), traceIdHex(nearFutureId));
    JsonNode everything = SERVER.getJson(search(service, 1, now + 3650 * DAY_NS));
    assertThat(traceIds(everything))
        .as("refused spans were never stored")
        .containsExactlyInAnyOrder(
            traceIdHex(oldId), traceIdHex(endsEarlyId), traceIdHex(nearFutureId));
  }

  @Test
  void refusalsAreCountedByReason() throws Exception {
    double before = rejected("otlp", "too_old");
    export("http-protobuf", OtlpRequests.span("times-metrics", ids.incrementAndGet(), 1, 2));
    export(
        "grpc",
        OtlpRequests.span(
            "times-metrics", ids.incrementAndGet(), nowNanos() - 9 * DAY_NS, nowNanos()));
    assertThat(rejected("otlp", "too_old")).isEqualTo(before + 2);
    double future = rejected("otlp", "too_far_in_future");
    export(
        "http-json",
        OtlpRequests.span("times-metrics", ids.incrementAndGet(), YEAR_2500, YEAR_2500));
    assertThat(rejected("otlp", "too_far_in_future")).isEqualTo(future + 1);
    double missing = rejected("otlp", "missing_start_time");
    export("grpc", OtlpRequests.span("times-metrics", ids.incrementAndGet(), 0, 0));
    assertThat(rejected("otlp", "missing_start_time")).isEqualTo(missing + 1);
  }

  private static double rejected(String receiver, String reason) throws Exception {
    return counter("tracemate_receiver_spans_rejected_total", receiver, reason);
  }

  private static double counter(String name, String receiver, String reason) throws Exception {
    String metrics = SERVER.get("/metrics").body();
    String prefix = name + "{";
    for (String line : metrics.split("\n")) {
      if (line.startsWith(prefix)
          && line.contains("receiver=\"" + receiver + "\"")
          && line.contains("reason=\"" + reason + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  private static HttpResponse<String> zipkin(String json) throws Exception {
    return SERVER.post(
        SERVER.server().zipkinPort(), "/api/v2/spans", "application/json", json.getBytes(UTF_8));
  }

  private static String zipkinSpan(long id, String timing) {
    return "{\"traceId\":\""
        + traceIdHex(id)
        + "\",\"id\":\""
        + String.format("%016x", id)
        + "\",\"name\":\"get\","
        + "\"localEndpoint\":{\"serviceName\":\"times-zipkin\"}"
        + timing
        + "}";
  }

  @Test
  void zipkinKeepsTimelessFragmentsAtReceiptAndRefusesUnkeepableBatchesWhole() throws Exception {
    long fragmentId = ids.incrementAndGet();
    long before = nowNanos();
    assertThat(zipkin("[" + zipkinSpan(fragmentId, ",\"timestamp\":0") + "]").statusCode())
        .isEqualTo(202);
    JsonNode fragment =
        SERVER.await(
            "/api/traces/" + traceIdHex(fragmentId), json -> json.path("data").size() == 1);
    long fragmentStart =
        fragment.path("data").path(0).path("spans").path(0).path("startTime").asLong();
    assertThat(fragmentStart).as("timed at receipt").isBetween(before / 1000, nowNanos() / 1000);
    assertThat(
            traceIds(
                SERVER.getJson(
                    search(
                        "times-zipkin", before - 60_000_000_000L, nowNanos() + 60_000_000_000L))))
        .contains(traceIdHex(fragmentId));

    long nowMicros = nowNanos() / 1000;
    long goodId = ids.incrementAndGet();
    long futureId = ids.incrementAndGet();
    HttpResponse<String> year2500 =
        zipkin(
            "["
                + zipkinSpan(goodId, ",\"timestamp\":" + nowMicros + ",\"duration\":10")
                + ","
                + zipkinSpan(futureId, ",\"timestamp\":16725225600000000")
                + "]");
    assertThat(year2500.statusCode()).isEqualTo(400);
    assertThat(year2500.body())
        .startsWith(
            "cannot store Zipkin spans, none of the 2 were stored: 1 span refused"
                + " for their start time: span "
                + String.format("%016x", futureId)
                + " of trace "
                + traceIdHex(futureId)
                + " has start time too new: 2500-01-01T00:00:00Z");
    long oldId = ids.incrementAndGet();
    HttpResponse<String> old =
        zipkin(
            "["
                + zipkinSpan(
                    oldId, ",\"timestamp\":" + (nowMicros - Duration.ofDays(8).toNanos() / 1000))
                + "]");
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.body()).contains("has start time too old: ");
    HttpResponse<String> max =
        zipkin("[" + zipkinSpan(ids.incrementAndGet(), ",\"timestamp\":9223372036854775807") + "]");
    assertThat(max.statusCode()).isEqualTo(400);
    assertThat(max.body()).contains("too new: 2554-07-21T23:34:33.709551615Z");

    // The good span of the refused batch was not stored either: a 400 means nothing was kept.
    long laterId = ids.incrementAndGet();
    assertThat(
            zipkin(
                    "["
                        + zipkinSpan(laterId, ",\"timestamp\":" + nowMicros + ",\"duration\":10")
                        + "]")
                .statusCode())
        .isEqualTo(202);
    SERVER.await("/api/traces/" + traceIdHex(laterId), json -> json.path("data").size() == 1);
    assertThat(SERVER.get("/api/traces/" + traceIdHex(goodId)).statusCode()).isEqualTo(404);
    assertThat(counter("tracemate_receiver_requests_rejected_total", "zipkin", "too_far_in_future"))
        .isEqualTo(2);
    assertThat(counter("tracemate_receiver_requests_rejected_total", "zipkin", "too_old"))
        .isEqualTo(1);
  }
}
