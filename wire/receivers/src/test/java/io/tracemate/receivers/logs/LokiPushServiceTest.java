package io.tracemate.receivers.logs;

import static io.tracemate.receivers.logs.LogValidatorTest.stream;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tracemate.component.Refusal;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.receivers.ReceiverLimits;
import io.tracemate.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xerial.snappy.Snappy;

/** Loki push semantics with hand-made requests: status codes, messages, limits, codings, metrics. */
class LokiPushServiceTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final long NOW_NS = NOW.getEpochSecond() * 1_000_000_000L;
  private static final int MAX_BODY = 64 * 1024;
  private static final RecordingLogSink sink = new RecordingLogSink();
  private static final PrometheusRegistry registry = new PrometheusRegistry();
  private static final MutableClock clock = new MutableClock(NOW);

  /** Small limits so each can be hit with a small request: tenant 16 KiB/s (burst 16 KiB), stream 2 KiB/s. */
  private static final LogLimits LIMITS =
      TestLimits.defaults()
          .ingestionRate(1.0 / 64, 1.0 / 64)
          .perStreamRate(2048, 2048)
          .labels(3, 1024, 2048)
          .maxLineSize(1000, false)
          .build();

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) {
          sb.service(
              new LokiPushService(
                  sink, new LogIntake(LIMITS, clock, registry), new ReceiverLimits(MAX_BODY)));
        }
      };

  private WebClient client;

  @BeforeEach
  void setUp() {
    sink.reset();
    clock.set(NOW);
    client = WebClient.of(server.httpUri());
  }

  @Test
  void jsonPushIsStoredAnd204() {
    AggregatedHttpResponse response =
        post("t-json", "application/json", null, json(NOW_NS, "hello", "world"));

    assertThat(response.status().code()).isEqualTo(204);
    assertThat(response.contentUtf8()).isEmpty();
    assertThat(sink.pushes())
        .containsExactly(
            new RecordingLogSink.Push(
                "t-json",
                List.of(stream(LabelSet.of("app", "web"), NOW_NS, "hello", NOW_NS + 1, "world"))));
  }

  @Test
  void tenantDefaultsToFake() {
    post(null, "application/json", null, json(NOW_NS, "x"));
    assertThat(sink.pushes()).extracting(RecordingLogSink.Push::tenant).containsExactly("fake");
  }

  @Test
  void gzipJsonAndSnappyProtobufAreAccepted() throws IOException {
    AggregatedHttpResponse gzipped =
        post("t-codings", "application/json", "gzip", gzip(json(NOW_NS, "gz")));
    Push.PushRequest request =
        Push.PushRequest.newBuilder()
            .addStreams(
                Push.StreamAdapter.newBuilder()
                    .setLabels("{app=\"web\"}")
                    .addEntries(
                        Push.EntryAdapter.newBuilder()
                            .setTimestamp(
                                Timestamp.newBuilder().setSeconds(NOW.getEpochSecond()).setNanos(5))
                            .setLine("proto")
                            .addStructuredMetadata(
                                Push.LabelPairAdapter.newBuilder()
                                    .setName("user")
                                    .setValue("ann"))))
            .build();
    AggregatedHttpResponse snappy =
        post("t-codings", "application/x-protobuf", null, Snappy.compress(request.toByteArray()));

    assertThat(gzipped.status().code()).isEqualTo(204);
    assertThat(snappy.status().code()).isEqualTo(204);
    assertThat(sink.streams())
        .containsExactly(
            stream(LabelSet.of("app", "web"), NOW_NS, "gz"),
            new LogStream(
                LabelSet.of("app", "web"),
                List.of(new LogEntry(NOW_NS + 5, "proto", LabelSet.of("user", "ann")))));
  }

  @Test
  void invalidPartsAreListedIn400AndTheRestIsKept() {
    String body =
        """
        {"streams":[
          {"stream":{"app":"web"},"values":[["%d","fine"],["%d","too old"],["%d","%s"]]},
          {"stream":{"a":"1","b":"2","c":"3","d":"4"},"values":[["%d","many labels"]]}
        ]}"""
            .formatted(
                NOW_NS, NOW_NS - Duration.ofDays(8).toNanos(), NOW_NS, "x".repeat(1001), NOW_NS);

    AggregatedHttpResponse response =
        post("t-invalid", "application/json", null, body.getBytes(UTF_8));

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentType().toString()).startsWith("text/plain");
    assertThat(response.contentUtf8())
        .isEqualTo(
            """
        entry for stream '{app="web"}' has timestamp too old: 2025-12-24T00:00:00Z, oldest acceptable timestamp is: \
        2025-12-25T00:00:00Z
        Max entry size '1000' bytes exceeded for stream '{app="web"}' while adding an entry with length '1001' bytes
        stream '{a="1", b="2", c="3", d="4"}' has 4 label names; limit 3
        """);
    assertThat(sink.streams()).containsExactly(stream(LabelSet.of("app", "web"), NOW_NS, "fine"));
    assertThat(
            counter(
                "tracemate_log_receiver_lines_refused",
                "receiver",
                "loki",
                "reason",
                "greater_than_max_sample_age"))
        .isEqualTo(1);
    assertThat(
            counter(
                "tracemate_log_receiver_lines_refused",
                "receiver",
                "loki",
                "reason",
                "line_too_long"))
        .isEqualTo(1);
    assertThat(
            counter(
                "tracemate_log_receiver_bytes_refused",
                "receiver",
                "loki",
                "reason",
                "line_too_long"))
        .isEqualTo(1001);
  }

  @Test
  void outOfOrderAndTooNewEntriesAreRefused() {
    post("t-order", "application/json", null, json(NOW_NS, "newest"));
    clock.advance(Duration.ofMinutes(1));

    AggregatedHttpResponse response =
        post(
            "t-order",
            "application/json",
            null,
            json(NOW_NS - Duration.ofHours(2).toNanos(), "behind"));
    AggregatedHttpResponse future =
        post(
            "t-order",
            "application/json",
            null,
            json(NOW_NS + Duration.ofMinutes(12).toNanos(), "future"));

    assertThat(response.status().code()).isEqualTo(400);
    assertThat(response.contentUtf8())
        .contains(
            "entry too far behind, entry timestamp is: 2025-12-31T22:00:00Z,"
                + " cutoff timestamp is: 2025-12-31T23:00:00Z");
    assertThat(future.status().code()).isEqualTo(400);
    assertThat(future.contentUtf8()).contains("has timestamp too new: 2026-01-01T00:12:00Z");
    assertThat(sink.streams())
        .extracting(s -> s.entries().getFirst().line())
        .containsExactly("newest");
  }

  @Test
  void tenantRateLimitIs429WithRetryAfterNamingTheLimit() {
    // 20 lines of 1000 bytes in 10 streams: 20000 bytes > the 16384-byte burst.
    StringBuilder body = new StringBuilder("{\"streams\":[");
    for (int s = 0; s < 10; s++) {
      body.append(s > 0 ? "," : "")
          .append("{\"stream\":{\"n\":\"")
          .append(s)
          .append("\"},\"values\":[");
      body.append("[\"").append(NOW_NS).append("\",\"").append("x".repeat(1000)).append("\"],");
      body.append("[\"").append(NOW_NS).append("\",\"").append("y".repeat(1000)).append("\"]]}");
    }
    body.append("]}");

    AggregatedHttpResponse response =
        post("t-rate", "application/json", null, body.toString().getBytes(UTF_8));

    assertThat(response.status().code()).isEqualTo(429);
    assertThat(response.headers().get("retry-after")).isEqualTo("1");
    assertThat(response.contentUtf8())
        .isEqualTo(
            "Ingestion rate limit exceeded for user t-rate (limit: 16384"
                + " bytes/sec) while attempting to ingest '20' lines totaling '20000' bytes, reduce log volume or contact"
                + " your Loki administrator to see if the limit can be increased\n");
    assertThat(sink.pushes()).isEmpty();
    assertThat(
            counter(
                "tracemate_log_receiver_lines_refused",
                "receiver",
                "loki",
                "reason",
                "rate_limited"))
        .isEqualTo(20);
  }

  @Test
  void perStreamRateLimitIs429AndOtherStreamsAreKept() {
    String body =
        """
        {"streams":[{"stream":{"app":"hot"},"values":[["%d","%s"],["%d","%s"],["%d","%s"]]},
                    {"stream":{"app":"calm"},"values":[["%d","ok"]]}]}"""
            .formatted(
                NOW_NS, "a".repeat(900), NOW_NS, "b".repeat(900), NOW_NS, "c".repeat(900), NOW_NS);

    AggregatedHttpResponse response =
        post("t-stream", "application/json", null, body.getBytes(UTF_8));

    assertThat(response.status().code()).isEqualTo(429);
    assertThat(response.headers().get("retry-after")).isEqualTo("1");
    assertThat(response.contentUtf8())
        .startsWith(
            "Per stream rate limit exceeded (limit: 2048 bytes/sec) while"
                + " attempting to ingest for stream '{app=\"hot\"}' totaling 2700 bytes");
    assertThat(sink.streams()).containsExactly(stream(LabelSet.of("app", "calm"), NOW_NS, "ok"));
  }

  @Test
  void backpressureIs503WithRetryAfter() {
    sink.failWith(() -> Refusal.overloaded("WAL queue full", Duration.ofMillis(2500)));

    AggregatedHttpResponse response = post("t-bp", "application/json", null, json(NOW_NS, "x"));

    assertThat(response.status().code()).isEqualTo(503);
    assertThat(response.headers().get("retry-after")).isEqualTo("3");
    assertThat(response.contentUtf8()).contains("WAL queue full");
  }

  @Test
  void sinkFailureIs500() {
    sink.failWith(() -> new IllegalStateException("disk on fire"));
    assertThat(post("t-fail", "application/json", null, json(NOW_NS, "x")).status().code())
        .isEqualTo(500);
  }

  @Test
  void unreadableBodiesAre400SayingWhere() {
    AggregatedHttpResponse badJson =
        post(
            "t-bad",
            "application/json",
            null,
            "{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[[\"soon\",\"x\"]]}]}"
                .getBytes(UTF_8));
    AggregatedHttpResponse notSnappy =
        post("t-bad", "application/x-protobuf", null, "hello".getBytes(UTF_8));
    AggregatedHttpResponse badGzip =
        post("t-bad", "application/json", "gzip", "nope".getBytes(UTF_8));

    assertThat(badJson.status().code()).isEqualTo(400);
    assertThat(badJson.contentUtf8())
        .isEqualTo(
            "streams[0].values[0][0]: timestamp 'soon' is not an integer number"
                + " of Unix epoch nanoseconds\n");
    assertThat(notSnappy.status().code()).isEqualTo(400);
    assertThat(notSnappy.contentUtf8()).contains("not snappy");
    assertThat(badGzip.status().code()).isEqualTo(400);
    assertThat(badGzip.contentUtf8())
        .startsWith("Content-Encoding is gzip but the body is not valid gzip");
  }

  @Test
  void bodiesOverTheLimitAre413AlsoAfterDecompression() throws IOException {
    byte[] big = json(NOW_NS, "z".repeat(MAX_BODY));
    AggregatedHttpResponse raw = post("t-big", "application/json", null, big);
    AggregatedHttpResponse gzipped = post("t-big", "application/json", "gzip", gzip(big));
    AggregatedHttpResponse snappy =
        post("t-big", "application/x-protobuf", null, Snappy.compress(new byte[MAX_BODY + 1]));

    assertThat(raw.status().code()).isEqualTo(413);
    assertThat(gzipped.status().code()).isEqualTo(413);
    assertThat(gzipped.contentUtf8()).contains("exceeds the limit of " + MAX_BODY + " bytes");
    assertThat(snappy.status().code()).isEqualTo(413);
    assertThat(sink.pushes()).isEmpty();
  }

  @Test
  void invalidTenantIdsAre400() {
    AggregatedHttpResponse slash = post("a/b", "application/json", null, json(NOW_NS, "x"));
    AggregatedHttpResponse dots = post("..", "application/json", null, json(NOW_NS, "x"));
    AggregatedHttpResponse tooLong =
        post("t".repeat(151), "application/json", null, json(NOW_NS, "x"));

    assertThat(slash.status().code()).isEqualTo(400);
    assertThat(slash.contentUtf8())
        .isEqualTo(
            "tenant ID 'a/b' contains unsupported character '/' (allowed: letters,"
                + " digits and !-_.*'())\n");
    assertThat(dots.status().code()).isEqualTo(400);
    assertThat(tooLong.contentUtf8()).isEqualTo("tenant ID is too long: max 150 characters\n");
    assertThat(
            post("Team_1.(prod)*'!-", "application/json", null, json(NOW_NS, "x")).status().code())
        .isEqualTo(204);
    assertThat(sink.pushes())
        .extracting(RecordingLogSink.Push::tenant)
        .containsExactly("Team_1.(prod)*'!-");
  }

  @Test
  void wrongMethodAndCodingAreRefused() {
    AggregatedHttpResponse get = client.get(LokiPushService.PATH).aggregate().join();
    AggregatedHttpResponse brotli = post("t-x", "application/json", "br", json(NOW_NS, "x"));

    assertThat(get.status().code()).isEqualTo(405);
    assertThat(get.headers().get("allow")).isEqualTo("POST");
    assertThat(brotli.status().code()).isEqualTo(415);
  }

  @Test
  void traceIdsInLinesBecomeMetadata() {
    String body =
        """
        {"streams":[{"stream":{"app":"web"},"values":[
          ["%d","{\\"msg\\":\\"hi\\",\\"traceId\\":\\"4BF92F3577B34DA6A3CE929D0E0E4736\\"}"],
          ["%d","level=info trace_id=00f067aa0ba902b7 msg=x",{"span_id":"00f067aa0ba902b7"}]]}]}"""
            .formatted(NOW_NS, NOW_NS + 1);

    assertThat(post("t-trace", "application/json", null, body.getBytes(UTF_8)).status().code())
        .isEqualTo(204);

    List<LogEntry> entries = sink.streams().getFirst().entries();
    assertThat(entries.get(0).metadata())
        .isEqualTo(LabelSet.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"));
    assertThat(entries.get(1).metadata())
        .isEqualTo(
            LabelSet.of(
                "span_id", "00f067aa0ba902b7", "trace_id", "000000000000000000f067aa0ba902b7"));
  }

  private AggregatedHttpResponse post(
      String tenant, String contentType, String encoding, byte[] body) {
    RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.POST, LokiPushService.PATH)
            .set("content-type", contentType);
    if (tenant != null) {
      headers.set("X-Scope-OrgID", tenant);
    }
    if (encoding != null) {
      headers.set("content-encoding", encoding);
    }
    return client.execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate().join();
  }

  /** One stream {app="web"} with the lines at consecutive nanoseconds from {@code start}. */
  private static byte[] json(long start, String... lines) {
    StringBuilder out =
        new StringBuilder("{\"streams\":[{\"stream\":{\"app\":\"web\"},\"values\":[");
    for (int i = 0; i < lines.length; i++) {
      out.append(i > 0 ? "," : "")
          .append("[\"")
          .append(start + i)
          .append("\",\"")
          .append(lines[i])
          .append("\"]");
    }
    return out.append("]}]}").toString().getBytes(UTF_8);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  static double counter(String name, String... labels) {
    return counter(registry, name, labels);
  }

  static double counter(PrometheusRegistry registry, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && counter.getMetadata().getName().equals(name)) {
        for (CounterSnapshot.CounterDataPointSnapshot point : counter.getDataPoints()) {
          if (point.getLabels().equals(wanted)) {
            return point.getValue();
          }
        }
      }
    }
    return 0;
  }
}
