package io.tracemate.http.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.tracemate.alerting.notify.LabelMatcher;
import io.tracemate.alerting.notify.silence.SilenceSettings;
import io.tracemate.alerting.notify.silence.SilenceStore;
import io.tracemate.alerting.rules.Ruler;
import io.tracemate.alerting.rules.RulerMetrics;
import io.tracemate.alerting.rules.RulerSettings;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logs.memory.InMemoryLogStore;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.InMemorySeriesSource;
import io.tracemate.promql.engine.Labels;
import io.tracemate.testing.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/alerts} and {@code /api/alerts/history} over HTTP, on a real {@link Ruler} (PromQL over in-memory
 * series, LogQL over the in-memory log store) evaluated on a controlled clock, and a real {@link SilenceStore}: the
 * alerts in force with their evidence and whether a silence covers them, the history with its filters and limits,
 * tenants apart, and clear 400s for bad parameters.
 */
class AlertsApiTest {
  private static final TenantId A = TenantId.parse("team-a");
  private static final TenantId B = TenantId.parse("team-b");
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final MutableClock CLOCK = new MutableClock(T0);
  private static final InMemorySeriesSource SERIES = new InMemorySeriesSource();
  private static final InMemoryLogStore LOGS = new InMemoryLogStore();
  private static final ExecutorService LOGQL_POOL = Executors.newSingleThreadExecutor();
  private static Path data;
  private static Ruler ruler;
  private static SilenceStore silences;

  @RegisterExtension
  static final ServerExtension server =
      new ServerExtension() {
        @Override
        protected void configure(ServerBuilder sb) throws Exception {
          data = Files.createTempDirectory("alerts-api");
          ruler =
              new Ruler(
                  RulerSettings.defaults(data).withEvaluationDelay(Duration.ZERO),
                  scope -> SERIES,
                  EngineSettings.defaults(),
                  new LogQLEngine(LOGS.reader(), EngineLimits.defaults(), LOGQL_POOL),
                  batch -> {},
                  CLOCK,
                  new RulerMetrics(null));
          ruler.load();
          silences = new SilenceStore(data.resolve("silences"), SilenceSettings.DEFAULTS, CLOCK);
          new AlertsApi(ruler::latest, ruler.history(), silences::silenced, CLOCK).addTo(sb);
        }
      };

  private static final String RULES =
      """
      name: shop
      kind: promql
      rules:
        - alert: HighErrorRate
          expr: error_ratio > 0.05
          for: 1m
          labels: {severity: critical}
          annotations: {summary: "{{ $labels.service_name }} fails {{ $value | humanizePercentage }}"}
      """;

  private static final String LOG_RULES =
      """
      name: payment-logs
      rules:
        - alert: PaymentErrors
          expr: sum by (service_name) (count_over_time({service_name="payment"} |= "error" [5m])) > 0
          labels: {severity: warning}
      """;

  @BeforeAll
  static void evaluate() {
    ruler.setGroup(A, "shop", ruler.parser().parseGroup("shop", RULES));
    ruler.setGroup(A, "logs", ruler.parser().parseGroup("logs", LOG_RULES));
    ruler.setGroup(B, "shop", ruler.parser().parseGroup("shop", RULES));
    long now = CLOCK.millis() * 1_000_000L;
    LOGS.write(
        1,
        A.value(),
        List.of(
            new LogStream(
                LabelSet.of("service_name", "payment"),
                List.of(
                    new LogEntry(
                        now - 10_000_000_000L,
                        "level=error msg=\"card declined\"",
                        LabelSet.of(LogEntry.TRACE_ID, TRACE))))));
    ratios(0.2, 0.3);
    ruler.evaluateAll(); // checkout, cart pending; PaymentErrors firing (no for)
    CLOCK.advance(Duration.ofMinutes(1));
    ratios(0.25, 0.01);
    ruler.evaluateAll(); // checkout firing; cart inactive
    CLOCK.advance(Duration.ofMinutes(1));
    ratios(0.25, 0.01);
    ruler.evaluateAll();
  }

  private static void ratios(double checkout, double cart) {
    SERIES.append(
        Labels.of("__name__", "error_ratio", "service_name", "checkout"), CLOCK.millis(), checkout);
    SERIES.append(
        Labels.of("__name__", "error_ratio", "service_name", "cart"), CLOCK.millis(), cart);
  }

  @AfterAll
  static void close() throws Exception {
    ruler.close();
    LOGQL_POOL.shutdownNow();
    try (Stream<Path> files = Files.walk(data)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void alertsInForceHaveTheirGroupTimesEvidenceAndSilence() throws Exception {
    JsonNode alerts = get("/api/alerts", "team-a", 200).path("alerts");
    assertThat(alerts.findValuesAsText("name"))
        .containsExactlyInAnyOrder("HighErrorRate", "PaymentErrors");
    JsonNode checkout = alert(alerts, "HighErrorRate");
    assertThat(checkout.path("state").asText()).isEqualTo("firing");
    assertThat(checkout.path("namespace").asText()).isEqualTo("shop");
    assertThat(checkout.path("group").asText()).isEqualTo("shop");
    assertThat(checkout.path("labels").path("service_name").asText()).isEqualTo("checkout");
    assertThat(checkout.path("annotations").path("summary").asText())
        .isEqualTo("checkout fails 25%");
    assertThat(checkout.path("activeAt").asLong()).isEqualTo(T0.toEpochMilli());
    assertThat(checkout.path("firedAt").asLong()).isEqualTo(T0.plusSeconds(60).toEpochMilli());
    assertThat(checkout.path("resolvedAt").isNull()).isTrue();
    assertThat(checkout.path("value").asDouble()).isEqualTo(0.25);
    assertThat(checkout.path("silenced").asBoolean()).isFalse();
    assertThat(checkout.has("tenant")).isFalse();

    JsonNode payment = alert(alerts, "PaymentErrors");
    assertThat(payment.path("generatorUrl").asText()).contains("/logs?query=");
    JsonNode line = payment.path("evidence").path("logLines").get(0);
    assertThat(line.path("line").asText()).isEqualTo("level=error msg=\"card declined\"");
    assertThat(line.path("labels").path("service_name").asText()).isEqualTo("payment");
    assertThat(payment.path("evidence").path("traceIds").get(0).asText()).isEqualTo(TRACE);

    // A silence on checkout's alert covers it (and only it) from now on.
    silences.upsert(
        A,
        new SilenceStore.Request(
            null,
            List.of(new LabelMatcher("service_name", "checkout", false, true)),
            CLOCK.instant(),
            CLOCK.instant().plus(Duration.ofHours(1)),
            "jane",
            "deploying a fix"));
    JsonNode after = get("/api/alerts", "team-a", 200).path("alerts");
    assertThat(alert(after, "HighErrorRate").path("silenced").asBoolean()).isTrue();
    assertThat(alert(after, "PaymentErrors").path("silenced").asBoolean()).isFalse();

    // Filters; a read of two tenants names each alert's tenant.
    assertThat(
            get("/api/alerts?service=payment", "team-a", 200)
                .path("alerts")
                .findValuesAsText("name"))
        .containsExactly("PaymentErrors");
    assertThat(
            get("/api/alerts?filter=" + enc("severity=\"critical\""), "team-a|team-b", 200)
                .path("alerts")
                .findValuesAsText("tenant"))
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(get("/api/alerts", "team-c", 200).path("alerts").size()).isZero();
  }

  @Test
  void historyListsTransitionsNewestFirstWithFiltersAndLimits() throws Exception {
    JsonNode history = get("/api/alerts/history?lookback=1h", "team-a", 200);
    JsonNode entries = history.path("entries");
    assertThat(entries.findValuesAsText("state"))
        .as("newest first")
        .containsExactly("inactive", "firing", "pending", "pending", "firing");
    assertThat(history.path("limited").asBoolean()).isFalse();
    assertThat(history.path("retention").asText()).isEqualTo("PT168H");
    JsonNode fired = entries.get(1);
    assertThat(fired.path("name").asText()).isEqualTo("HighErrorRate");
    assertThat(fired.path("from").asText()).isEqualTo("pending");
    assertThat(fired.path("time").asLong()).isEqualTo(T0.plusSeconds(60).toEpochMilli());
    assertThat(fired.path("labels").path("service_name").asText()).isEqualTo("checkout");
    assertThat(fired.path("value").asDouble()).isEqualTo(0.25);
    assertThat(entries.get(0).path("value").isNull())
        .as("an alert that went away has no value")
        .isTrue();
    JsonNode paymentFired = entries.get(4);
    assertThat(paymentFired.path("from").isNull()).isTrue();
    assertThat(paymentFired.path("evidence").path("logLines").asInt()).isEqualTo(1);
    assertThat(paymentFired.path("evidence").path("firstLine").asText()).contains("card declined");
    assertThat(paymentFired.path("evidence").path("traceIds").get(0).asText()).isEqualTo(TRACE);

    assertThat(
            get("/api/alerts/history?lookback=1h&state=firing,resolved", "team-a", 200)
                .path("entries")
                .findValuesAsText("name"))
        .containsExactly("HighErrorRate", "PaymentErrors");
    assertThat(
            get(
                    "/api/alerts/history?lookback=1h&alertname=HighErrorRate&service=cart",
                    "team-a",
                    200)
                .path("entries")
                .findValuesAsText("state"))
        .containsExactly("inactive", "pending");
    JsonNode limited = get("/api/alerts/history?lookback=1h&limit=2", "team-a", 200);
    assertThat(limited.path("entries").size()).isEqualTo(2);
    assertThat(limited.path("limited").asBoolean()).isTrue();
    // Without a window: the last day.
    assertThat(get("/api/alerts/history", "team-a", 200).path("entries").size()).isEqualTo(5);
    // A window before anything happened.
    long before = T0.minusSeconds(3600).toEpochMilli();
    assertThat(
            get("/api/alerts/history?start=" + before + "&end=" + (before + 1000), "team-a", 200)
                .path("entries")
                .size())
        .isZero();
    assertThat(
            get("/api/alerts/history?lookback=1h", "team-b", 200)
                .path("entries")
                .findValuesAsText("state"))
        .containsExactly("inactive", "firing", "pending", "pending");
  }

  @Test
  void badParametersAnswer400SayingWhatIsWrong() throws Exception {
    assertThat(error(get("/api/alerts/history?state=burning", "team-a", 400)))
        .isEqualTo(
            "parameter 'state': unknown state 'burning' (pending, firing, resolved or inactive)");
    assertThat(error(get("/api/alerts/history?limit=0", "team-a", 400))).contains("limit");
    assertThat(error(get("/api/alerts?filter=" + enc("severity=~\"(\""), "team-a", 400)))
        .startsWith("parameter 'filter': ");
  }

  private static String error(JsonNode body) {
    return body.path("error").path("message").asText();
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonNode alert(JsonNode alerts, String name) {
    for (JsonNode alert : alerts) {
      if (name.equals(alert.path("name").asText())) {
        return alert;
      }
    }
    throw new AssertionError("no alert " + name + " in " + alerts);
  }

  private static JsonNode get(String path, String tenants, int status) throws Exception {
    RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.GET, path);
    headers.add("X-Scope-OrgID", tenants);
    AggregatedHttpResponse response =
        WebClient.of(server.httpUri()).execute(headers.build()).aggregate().join();
    assertThat(response.status().code())
        .as(path + " → " + response.contentUtf8())
        .isEqualTo(status);
    return JSON.readTree(response.contentUtf8());
  }
}
