package io.tracemate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.tracemate.demo.RecordingLogsService.ReceivedLog;
import io.tracemate.demo.RecordingLokiPushService.LokiEntry;
import io.tracemate.demo.RecordingTraceService.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo services' logs, received as the backend would: OTLP/gRPC logs and Loki JSON pushes. */
class DemoLogsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** bank-gateway's plain-text layout: time, level, thread, logger, optional logfmt trace fields, message. */
  private static final Pattern TEXT_LINE =
      Pattern.compile(
          "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (\\w+)\\s+\\[([^\\]]+)] (\\S+) "
              + "(?:trace_id=([0-9a-f]{32}) span_id=([0-9a-f]{16}) )?- (.*)",
          Pattern.DOTALL);

  private static final Pattern HTTP_REQUEST_LOG =
      Pattern.compile("(GET|POST) /\\S* \\d{3} \\d+(\\.\\d)?ms");
  private static final Pattern GRPC_REQUEST_LOG =
      Pattern.compile("[\\w.]+/\\w+ (OK|UNAVAILABLE) \\d+(\\.\\d)?ms");
  private static final Set<String> LOKI_SERVICES = Set.of("bank-gateway", "analytics-service");

  @RegisterExtension static final RecordingBackend BACKEND = new RecordingBackend();
  private static final RecordingTraceService traces = BACKEND.traces;
  private static final RecordingLogsService otlpLogs = BACKEND.otlpLogs;
  private static final RecordingLokiPushService loki = BACKEND.loki;

  /** A log line of either channel, reduced to what correlation needs. */
  private record Line(
      String service,
      String channel,
      long timeNanos,
      String level,
      String logger,
      String message,
      String traceId,
      String spanId,
      String stackTrace) {}

  @Test
  void servicesLogOverOtlpAndLokiWithTheTraceAndSpanIdsOfTheirSpans() throws Exception {
    DemoOptions options =
        DemoOptions.defaults(BACKEND.endpoint())
            .withLokiEndpoint(BACKEND.endpoint() + "/")
            .withTracesPerSecond(2_000)
            .withErrorRate(0.5)
            .withSlowQueryRate(0.2)
            .withMaxTraces(300);
    DemoStats stats = runToCompletion(options);
    List<ReceivedSpan> spans = traces.spans();
    Map<String, ReceivedSpan> spansById =
        spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
    List<ReceivedLog> otlp = otlpLogs.logs();
    List<LokiEntry> pushed = loki.entries();
    List<Line> lines = new ArrayList<>();
    otlp.forEach(log -> lines.add(line(log)));
    pushed.forEach(entry -> lines.add(line(entry)));

    // Everything written arrived, each service through its own channel.
    assertThat(stats.logs().otlpRecords())
        .isEqualTo(otlp.size())
        .isEqualTo(stats.logs().otlpExported());
    assertThat(stats.logs().otlpFailed()).isZero();
    assertThat(stats.logs().lokiRecords()).isEqualTo(pushed.size()).isPositive();
    assertThat(stats.logs().lokiPushesAccepted()).isPositive();
    assertThat(stats.logs().lokiPushesFailed()).isZero();
    assertThat(stats.logs().records()).isEqualTo(lines.size());
    assertThat(otlp)
        .extracting(ReceivedLog::service)
        .doesNotContainAnyElementsOf(LOKI_SERVICES)
        .contains(
            "api-gateway",
            "order-service",
            "inventory-service",
            "payment-service",
            "risk-control",
            "notification-service");
    assertThat(pushed)
        .extracting(e -> e.label("app"))
        .containsOnly("bank-gateway", "analytics-service");
    assertThat(pushed)
        .allSatisfy(
            e -> assertThat(e.labels()).containsKeys("app", "namespace", "env", "pod", "level"));
    assertThat(loki.contentTypes())
        .allSatisfy(type -> assertThat(type).startsWith("application/json"));

    // The story: the full-table-scan warning is a log of the slow audit_log SELECT span itself.
    List<ReceivedLog> warnings =
        otlp.stream().filter(l -> l.body().equals(OrderFlow.SLOW_AUDIT_WARNING)).toList();
    Set<String> slowAuditSpans =
        spans.stream()
            .filter(
                s ->
                    OrderFlow.AUDIT_STATEMENT.equals(s.attribute("db.statement"))
                        && s.durationNanos() > 4_000_000_000L)
            .map(ReceivedSpan::spanId)
            .collect(Collectors.toSet());
    assertThat(slowAuditSpans).isNotEmpty();
    assertThat(warnings)
        .extracting(ReceivedLog::spanId)
        .containsExactlyInAnyOrderElementsOf(slowAuditSpans);
    assertThat(warnings)
        .allSatisfy(
            warning -> {
              ReceivedSpan audit = spansById.get(warning.spanId());
              assertThat(warning.traceId()).isEqualTo(audit.traceId());
              assertThat(warning.timeNanos()).isBetween(audit.startNanos(), audit.endNanos());
              assertThat(warning.severityText()).isEqualTo("WARN");
              assertThat(warning.severityNumber()).isEqualTo(13); // SEVERITY_NUMBER_WARN
              assertThat(warning.scope()).isEqualTo(OrderFlow.AUDIT_REPOSITORY);
              assertThat(warning.resource())
                  .isEqualTo(audit.resource()); // the same replica wrote span and log
              assertThat(warning.attributes())
                  .containsEntry("db.sql.table", "audit_log")
                  .containsKey("thread.name");
            });

    // Every request (SERVER and CONSUMER span) has exactly one request log with its IDs, at its
    // end.
    Map<String, List<Line>> requestLogsBySpan =
        lines.stream()
            .filter(l -> l.spanId() != null && l.logger().equals(requestLogger(l.service())))
            .collect(Collectors.groupingBy(Line::spanId));
    List<ReceivedSpan> requests =
        spans.stream()
            .filter(
                s ->
                    s.kind() == SpanKind.SPAN_KIND_SERVER
                        || s.kind() == SpanKind.SPAN_KIND_CONSUMER)
            .toList();
    assertThat(requestLogsBySpan.keySet())
        .containsExactlyInAnyOrderElementsOf(requests.stream().map(ReceivedSpan::spanId).toList());
    for (ReceivedSpan request : requests) {
      Line log = requestLogsBySpan.get(request.spanId()).getFirst();
      assertThat(requestLogsBySpan.get(request.spanId())).hasSize(1);
      assertThat(log.traceId()).isEqualTo(request.traceId());
      assertThat(log.service()).isEqualTo(request.service());
      assertThat(log.timeNanos()).isEqualTo(request.endNanos());
      if (request.kind() == SpanKind.SPAN_KIND_SERVER) {
        assertThat(log.message())
            .matches(
                request.attributes().containsKey("rpc.method")
                    ? GRPC_REQUEST_LOG
                    : HTTP_REQUEST_LOG);
      } else {
        assertThat(log.message()).startsWith("Processed ");
      }
    }
    ReceivedSpan orderRead =
        spans.stream().filter(s -> s.name().equals("GET /orders/{id}")).findFirst().orElseThrow();
    assertThat(requestLogsBySpan.get(orderRead.spanId()).getFirst().message())
        .startsWith(
            "GET "
                + orderRead.attribute("url.path")
                + " "
                + orderRead.attribute("http.response.status_code")
                + " ");
    // Every other line written inside a trace belongs to a span of that trace sent by the same
    // service.
    assertThat(lines)
        .filteredOn(l -> l.spanId() != null)
        .allSatisfy(
            l -> {
              ReceivedSpan span = spansById.get(l.spanId());
              assertThat(span).as("span of %s", l).isNotNull();
              assertThat(span.traceId()).isEqualTo(l.traceId());
              assertThat(span.service()).isEqualTo(l.service());
              assertThat(l.timeNanos()).isBetween(span.startNanos(), span.endNanos());
            });

    // Errors carry multi-line Java stack traces, over OTLP and in bank-gateway's plain text.
    List<Line> errors = lines.stream().filter(l -> l.level().equals("ERROR")).toList();
    assertThat(errors)
        .isNotEmpty()
        .allSatisfy(
            e -> assertThat(e.stackTrace()).contains("\n\tat ").contains("\n\tat java.base/"));
    assertThat(otlp)
        .filteredOn(l -> l.severityText().equals("ERROR"))
        .extracting(l -> l.attribute("exception.type"))
        .contains(
            "io.lettuce.core.RedisCommandTimeoutException",
            "org.springframework.dao.CannotAcquireLockException");
    assertThat(otlp)
        .filteredOn(
            l ->
                "org.springframework.dao.CannotAcquireLockException"
                    .equals(l.attribute("exception.type")))
        .allSatisfy(
            l ->
                assertThat((String) l.attribute("exception.stacktrace"))
                    .contains(
                        "\nCaused by: com.mysql.cj.jdbc.exceptions.MySQLTransactionRollbackException: Deadlock found"));
    assertThat(errors)
        .filteredOn(l -> l.service().equals("bank-gateway"))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.stackTrace())
                    .startsWith(
                        "java.net.SocketTimeoutException: Read timed out\n\tat java.base/sun.nio.ch.NioSocketImpl.timedRead("));

    // All levels, and the noisy DEBUG streams: cache lookups, health probes, Kafka client chatter.
    assertThat(lines).extracting(Line::level).contains("DEBUG", "INFO", "WARN", "ERROR");
    assertThat(pushed).extracting(e -> e.label("level")).contains("DEBUG", "INFO", "ERROR");
    assertThat(lines)
        .filteredOn(
            l -> l.level().equals("DEBUG") && l.message().startsWith("Cache hit for stock:SKU-"))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l.spanId()).isNotNull());
    assertThat(lines)
        .filteredOn(l -> l.message().startsWith("GET /actuator/health/liveness 200 "))
        .extracting(Line::service)
        .contains("api-gateway", "order-service", "payment-service", "bank-gateway");
    assertThat(lines)
        .filteredOn(l -> l.message().startsWith("GET /actuator/health/"))
        .allSatisfy(l -> assertThat(l.level()).isEqualTo("DEBUG"))
        .allSatisfy(l -> assertThat(l.traceId()).isNull());
    assertThat(lines)
        .filteredOn(l -> l.service().equals("analytics-service") && l.level().equals("DEBUG"))
        .extracting(Line::logger)
        .contains("org.apache.kafka.clients.FetchSessionHandler");

    // analytics-service writes JSON lines: valid objects with trace fields inside requests, also as
    // metadata.
    List<LokiEntry> analytics =
        pushed.stream().filter(e -> e.label("app").equals("analytics-service")).toList();
    assertThat(analytics)
        .isNotEmpty()
        .allSatisfy(
            entry -> {
              JsonNode json = json(entry.line());
              assertThat(json.isObject()).isTrue();
              assertThat(
                      json.has("level")
                          && json.has("logger_name")
                          && json.has("message")
                          && json.has("timestamp_ms"))
                  .isTrue();
              if (json.has("trace_id")) {
                assertThat(entry.metadata())
                    .containsEntry("trace_id", json.get("trace_id").asText())
                    .containsEntry("span_id", json.get("span_id").asText());
              }
            });
    assertThat(analytics)
        .anySatisfy(entry -> assertThat(json(entry.line()).has("trace_id")).isTrue());
    // bank-gateway is plain text with logfmt trace fields.
    assertThat(pushed)
        .filteredOn(e -> e.label("app").equals("bank-gateway"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.line()).matches(TEXT_LINE).doesNotStartWith("{"))
        .anySatisfy(e -> assertThat(e.line()).contains(" trace_id="));
  }

  @Test
  void withoutALokiEndpointEveryServiceLogsOverOtlp() throws Exception {
    DemoOptions options =
        DemoOptions.defaults(BACKEND.endpoint()).withTracesPerSecond(2_000).withMaxTraces(60);
    DemoStats stats = runToCompletion(options);
    assertThat(loki.entries()).isEmpty();
    assertThat(stats.logs().lokiRecords()).isZero();
    assertThat(otlpLogs.logs())
        .extracting(ReceivedLog::service)
        .contains("bank-gateway", "analytics-service");
    assertThat(stats.logs().otlpExported()).isEqualTo(otlpLogs.logs().size()).isPositive();
  }

  @Test
  void logsCanBeSwitchedOff() throws Exception {
    DemoOptions options =
        DemoOptions.defaults(BACKEND.endpoint())
            .withLokiEndpoint(BACKEND.endpoint())
            .withLogs(false)
            .withTracesPerSecond(2_000)
            .withMaxTraces(30);
    DemoStats stats = runToCompletion(options);
    assertThat(stats.spansExported()).isPositive();
    assertThat(stats.logs()).isEqualTo(DemoStats.LogStats.NONE);
    assertThat(otlpLogs.logs()).isEmpty();
    assertThat(loki.entries()).isEmpty();
  }

  @Test
  void lokiOptionsAreValidatedAndDeriveThePushUrl() {
    DemoOptions options = DemoOptions.defaults("http://127.0.0.1:4317");
    assertThat(options.logsEnabled()).isTrue();
    assertThat(options.lokiEndpoint()).isNull();
    assertThat(options.lokiPushUrl()).isNull();
    assertThat(options.withLokiEndpoint("http://127.0.0.1:16686").lokiPushUrl())
        .isEqualTo("http://127.0.0.1:16686/loki/api/v1/push");
    assertThat(options.withLokiEndpoint("https://tracemate.example:443/").lokiPushUrl())
        .isEqualTo("https://tracemate.example:443/loki/api/v1/push");
    assertThatThrownBy(() -> options.withLokiEndpoint("127.0.0.1:16686"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lokiEndpoint");
  }

  @Test
  void requestLogDurationsReadLikeAccessLogs() {
    assertThat(RequestLogs.millis(850_000)).isEqualTo("0.9ms");
    assertThat(RequestLogs.millis(9_940_000)).isEqualTo("9.9ms");
    assertThat(RequestLogs.millis(45_400_000)).isEqualTo("45ms");
    assertThat(RequestLogs.millis(4_512_600_000L)).isEqualTo("4513ms");
  }

  private static DemoStats runToCompletion(DemoOptions options) throws InterruptedException {
    DemoTrafficGenerator generator = new DemoTrafficGenerator(options);
    try {
      generator.start();
      assertThat(generator.awaitCompletion(Duration.ofSeconds(15))).isTrue();
    } finally {
      generator.close();
    }
    return generator.stats();
  }

  private static String requestLogger(String serviceName) {
    for (DemoService service : DemoService.values()) {
      if (service.serviceName().equals(serviceName)) {
        return ServiceLogging.requestLogger(service);
      }
    }
    throw new IllegalArgumentException(serviceName);
  }

  private static Line line(ReceivedLog log) {
    return new Line(
        log.service(),
        "otlp",
        log.timeNanos(),
        log.severityText(),
        log.scope(),
        log.body(),
        log.traceId().isEmpty() ? null : log.traceId(),
        log.spanId().isEmpty() ? null : log.spanId(),
        (String) log.attribute("exception.stacktrace"));
  }

  private static Line line(LokiEntry entry) {
    String service = entry.label("app");
    if (entry.line().startsWith("{")) {
      JsonNode json = json(entry.line());
      return new Line(
          service,
          "loki-json",
          entry.timeNanos(),
          json.get("level").asText(),
          json.get("logger_name").asText(),
          json.get("message").asText(),
          text(json, "trace_id"),
          text(json, "span_id"),
          text(json, "stack_trace"));
    }
    Matcher text = TEXT_LINE.matcher(entry.line());
    assertThat(text.matches()).as("plain-text line %s", entry.line()).isTrue();
    String body = text.group(7);
    int newline = body.indexOf('\n');
    return new Line(
        service,
        "loki-text",
        entry.timeNanos(),
        text.group(2),
        text.group(4),
        newline < 0 ? body : body.substring(0, newline),
        text.group(5),
        text.group(6),
        newline < 0 ? null : body.substring(newline + 1));
  }

  private static String text(JsonNode json, String field) {
    return json.has(field) ? json.get(field).asText() : null;
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + line, e);
    }
  }
}
