package io.tracemate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import io.tracemate.demo.DemoOptions;
import io.tracemate.demo.DemoTrafficGenerator;
import io.tracemate.testing.AlertmanagerProcess;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert story end to end, through nothing but public interfaces: the demo workload (the real OpenTelemetry SDK,
 * spans and OTLP logs) with its error share raised feeds a real server whose default rules are on with short
 * windows; the default error-rate rule fires for a service, and both a real Alertmanager (Debian's) and an in-test
 * webhook receiver (the built-in contact point) get it with its severity and evidence (the service's error lines
 * and their trace IDs); the demo then runs without faults, the rule's condition goes, and both see it resolved.
 */
class DefaultRulesEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;

  @Test
  void raisedErrorsFireTheDefaultRuleAtAlertmanagerAndTheWebhookWithEvidenceThenResolve()
      throws Exception {
    AlertmanagerProcess.unavailable().ifPresent(reason -> assumeTrue(false, reason));
    Queue<JsonNode> hook = new ConcurrentLinkedQueue<>();
    Server receiver =
        Server.builder()
            .http(new InetSocketAddress("127.0.0.1", 0))
            .gracefulShutdownTimeoutMillis(0, 0)
            .service(
                "/hook",
                (ctx, req) ->
                    HttpResponse.of(
                        req.aggregate()
                            .thenApply(
                                r -> {
                                  try {
                                    hook.add(RunningServer.JSON.readTree(r.contentUtf8()));
                                  } catch (java.io.IOException e) {
                                    return HttpResponse.of(HttpStatus.BAD_REQUEST);
                                  }
                                  return HttpResponse.of(HttpStatus.OK);
                                })))
            .build();
    receiver.start().join();
    try (AlertmanagerProcess alertmanager =
            new AlertmanagerProcess(
                Files.createDirectories(dir.resolve("am")),
                "route: {receiver: none}\nreceivers: [{name: none}]\n");
        RunningServer server =
            new RunningServer(
                TracemateServer.start(
                    RunningServer.yamlConfig(
                        dir,
                        """
                        ruler:
                          evaluation_interval: 1s
                          evaluation_delay_duration: 0s
                          poll_interval: 1s
                          default_rules:
                            error_rate: {window: 30s, for: 2s}
                            latency: false
                            error_logs: false
                        alerting:
                          alertmanager_url: %s
                          resend_delay: 1s
                          receivers:
                            - name: team
                              webhook_configs: [{url: "http://127.0.0.1:%d/hook"}]
                          route:
                            receiver: team
                            group_by: [alertname, service_name]
                            group_wait: 0s
                            group_interval: 500ms
                            repeat_interval: 1h
                        """
                            .formatted(alertmanager.url(), receiver.activeLocalPort()))))) {
      String otlp = "http://127.0.0.1:" + server.server().otlpGrpcPort();

      // Faults in half the user requests.
      String service;
      try (DemoTrafficGenerator faulty =
          new DemoTrafficGenerator(
              DemoOptions.defaults(otlp).withTracesPerSecond(20).withErrorRate(0.5))) {
        faulty.start();
        JsonNode listed =
            await(
                "Alertmanager lists a default error-rate alert with evidence",
                () -> firingWithEvidence(alertmanager));
        service = listed.at("/labels/service_name").asText();
        assertThat(listed.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(listed.at("/labels/tenant").asText()).isEqualTo("fake");
        assertThat(listed.at("/annotations/summary").asText())
            .startsWith(service + " fails ")
            .endsWith("of its calls");
        String traceIds = listed.at("/annotations/tracemate_trace_ids").asText();
        assertThat(traceIds).matches("[0-9a-f]{32}(,[0-9a-f]{32})*");
        assertThat(listed.at("/annotations/tracemate_evidence_logs").asText()).isNotBlank();

        JsonNode body =
            await(
                "the webhook gets the firing alert of " + service + " with its evidence",
                () -> alertIn(hook, "firing", service));
        assertThat(body.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(body.at("/evidence/traceIds").size()).isPositive();
        assertThat(body.at("/evidence/logLines").size()).isPositive();
        // The evidence template selects the alert's own service's lines.
        assertThat(body.at("/evidence/logLines"))
            .allSatisfy(
                line -> assertThat(line.at("/labels/service_name").asText()).isEqualTo(service));
        assertThat(body.at("/annotations/tracemate_trace_ids").asText()).isNotBlank();
        // The firing alert is in Prometheus' alerts API too, under the default rules' group.
        assertThat(server.get("/prometheus/api/v1/rules?type=alert").body())
            .contains("\"name\":\"tracemate-defaults\"")
            .contains("\"file\":\"tracemate-defaults\"")
            .contains("ServiceErrorRateHigh");
      }

      // The faults stop: the ratio falls under the threshold once the 30 s window has passed.
      try (DemoTrafficGenerator healthy =
          new DemoTrafficGenerator(
              DemoOptions.defaults(otlp).withTracesPerSecond(20).withErrorRate(0))) {
        healthy.start();
        await(
            "Alertmanager no longer lists " + service + " as firing",
            () -> activeFor(alertmanager, service) ? null : Boolean.TRUE);
        JsonNode resolved =
            await(
                "the webhook gets the resolution of " + service,
                () -> alertIn(hook, "resolved", service));
        assertThat(resolved.path("endsAt").asText()).isNotEqualTo("0001-01-01T00:00:00Z");
      }
    } finally {
      receiver.stop().join();
    }
  }

  /** An active default error-rate alert Alertmanager holds with evidence, or null. */
  private static JsonNode firingWithEvidence(AlertmanagerProcess alertmanager) throws Exception {
    for (JsonNode alert : RunningServer.JSON.readTree(alertmanager.alertsJson())) {
      if (alert.at("/labels/alertname").asText().equals("ServiceErrorRateHigh")
          && alert.at("/status/state").asText().equals("active")
          && !alert.at("/annotations/tracemate_trace_ids").asText().isEmpty()) {
        return alert;
      }
    }
    return null;
  }

  private static boolean activeFor(AlertmanagerProcess alertmanager, String service)
      throws Exception {
    for (JsonNode alert : RunningServer.JSON.readTree(alertmanager.alertsJson())) {
      if (alert.at("/labels/alertname").asText().equals("ServiceErrorRateHigh")
          && alert.at("/labels/service_name").asText().equals(service)) {
        return true;
      }
    }
    return false;
  }

  /** The alert of {@code service} in a webhook body with that status, or null. */
  private static JsonNode alertIn(Queue<JsonNode> bodies, String status, String service) {
    for (JsonNode body : List.copyOf(bodies)) {
      for (JsonNode alert : body.path("alerts")) {
        if (alert.at("/labels/alertname").asText().equals("ServiceErrorRateHigh")
            && alert.at("/labels/service_name").asText().equals(service)
            && alert.path("status").asText().equals(status)) {
          return alert;
        }
      }
    }
    return null;
  }

  /** Polls until {@code probe} answers non-null; bounded by {@link #WAIT}. */
  private static <T> T await(String what, ThrowingSupplier<T> probe) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(200);
    }
  }

  /** A probe that may throw. */
  private interface ThrowingSupplier<T> {
    T get() throws Exception;
  }
}
