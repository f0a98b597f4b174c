package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The alerts page and the topology's red ring in a real headless browser, against the demo: a LogQL rule posted
 * through Loki's ruler API (evaluated every second, without the evaluation delay) fires on order-service's "full
 * table scan" warnings; the alerts page shows it under its rule with its log lines as evidence, links to the traces
 * of those lines (which the Jaeger API has) and to the rule's query in the log explorer, and its history; a silence
 * created from the alert in the UI is in the silences API and covers the alert, and expiring it in the UI ends it;
 * the topology draws order-service's ring red, naming the alert, with a link to the alerts page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsPageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ALERT = "OrdersFullTableScan";
  private static final String RULES =
      """
      name: e2e-orders
      interval: 1s
      query_offset: 0s
      rules:
        - alert: OrdersFullTableScan
          expr: sum by (service_name) (count_over_time({service_name="order-service"} |= "full table scan" [1m])) > 0
          labels:
            severity: critical
          annotations:
            summary: "{{ $labels.service_name }} scanned audit_log {{ $value }} times in a minute"
      """;

  /** lib/topology.ts HEALTH_COLORS.critical, as the browser reports it. */
  private static final String RED = "rgb(217,48,37)";

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private final HttpClient http = HttpClient.newHttpClient();
  private DemoBackend backend;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    backend = UI.backend();
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(backend.apiBase() + "/loki/api/v1/rules/e2e"))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(RULES))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    // The demo logs the warning in about a third of its order requests: the rule fires with it as
    // evidence.
    backend.await(
        "/api/alerts?alertname=" + ALERT,
        json -> {
          JsonNode alert = json.path("alerts").path(0);
          return alert.path("state").asText().equals("firing")
              && !alert.path("evidence").path("traceIds").isEmpty();
        });
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  @Test
  void aFiringRuleShowsWithItsEvidenceAndHistoryAndASilenceMadeInThePageCoversIt()
      throws Exception {
    browser.driver.get(backend.uiBase + "/alerts");
    WebElement rule =
        browser.awaitElement(
            "the rule's card, firing",
            By.cssSelector("[data-test=alert-rule][data-rule=" + ALERT + "][data-state=firing]"));
    WebElement alert = rule.findElement(By.cssSelector("[data-test=alert][data-state=firing]"));
    assertThat(alert.getAttribute("data-service")).isEqualTo("order-service");
    assertThat(alert.findElement(By.cssSelector("[data-test=alert-labels]")).getText())
        .contains("service_name=\"order-service\"")
        .contains("severity=\"critical\"");
    assertThat(alert.findElement(By.cssSelector("[data-test=annotation-summary]")).getText())
        .matches("order-service scanned audit_log \\d+ times in a minute");
    assertThat(
            Double.parseDouble(
                alert.findElement(By.cssSelector("[data-test=alert-value]")).getText()))
        .isPositive();

    // Evidence: the warning lines, and their traces, which the Jaeger API has.
    List<WebElement> lines = alert.findElements(By.cssSelector("[data-test=evidence-line]"));
    assertThat(lines).isNotEmpty();
    assertThat(lines).allSatisfy(l -> assertThat(l.getText()).contains("full table scan"));
    List<WebElement> traces = alert.findElements(By.cssSelector("[data-test=evidence-trace]"));
    assertThat(traces).isNotEmpty();
    String traceId = traces.getFirst().getAttribute("data-trace");
    assertThat(traces.getFirst().getAttribute("href")).endsWith("/trace/" + traceId);
    JsonNode trace =
        JSON.readTree(backend.get(backend.apiBase() + "/api/traces/" + traceId).body());
    assertThat(trace.path("data").path(0).path("traceID").asText()).isEqualTo(traceId);

    // The generator URL opens the rule's query in the log explorer (its host is the configured
    // address, port 0 here, so the test follows its path on the server under test).
    String generator =
        alert.findElement(By.cssSelector("[data-test=alert-query]")).getAttribute("href");
    URI query = URI.create(generator);
    assertThat(query.getPath()).isEqualTo("/logs");
    assertThat(URLDecoder.decode(query.getRawQuery(), StandardCharsets.UTF_8))
        .contains("{service_name=\"order-service\"} |= \"full table scan\"");
    browser.screenshot("alerts");

    // The history: the alert went firing (no `for`), drawn on its timeline.
    browser.awaitElement(
        "the firing transition in the history",
        By.cssSelector("[data-test=history-entry][data-alert=" + ALERT + "][data-state=firing]"));
    browser.awaitElement(
        "the alert's firing stretch on the timeline",
        By.cssSelector("[data-test=timeline-row][data-alert=" + ALERT + "] [data-state=firing]"));

    // Silence it from its card: the form is prefilled with its labels; who and why are asked.
    alert.findElement(By.cssSelector("[data-test=silence-alert]")).click();
    WebElement form =
        browser.awaitElement("the silence form", By.cssSelector("[data-test=silence-form]"));
    List<String> names =
        form.findElements(By.cssSelector("[data-test=matcher-name]")).stream()
            .map(e -> e.getAttribute("value"))
            .toList();
    assertThat(names).startsWith("alertname").contains("service_name", "severity");
    // Narrow it to the alert's name and service.
    while (true) {
      List<WebElement> rows = form.findElements(By.cssSelector("[data-test=silence-matcher]"));
      WebElement extra =
          rows.stream()
              .filter(
                  r -> {
                    String name =
                        r.findElement(By.cssSelector("[data-test=matcher-name]"))
                            .getAttribute("value");
                    return !name.equals("alertname") && !name.equals("service_name");
                  })
              .findFirst()
              .orElse(null);
      if (extra == null) {
        break;
      }
      extra.findElement(By.cssSelector("button")).click();
    }
    form.findElement(By.cssSelector("[data-test=create-silence]")).click();
    assertThat(
            browser
                .awaitElement("the form's complaint", By.cssSelector("[data-test=silence-problem]"))
                .getText())
        .isEqualTo("Say who creates the silence");
    form.findElement(By.cssSelector("[data-test=silence-creator]")).sendKeys("e2e-oncall");
    form.findElement(By.cssSelector("[data-test=silence-comment]"))
        .sendKeys("audit_log index is being built");
    form.findElement(By.cssSelector("[data-test=create-silence]")).click();
    WebElement listed =
        browser.awaitElement(
            "the new silence in the list",
            By.cssSelector("[data-test=silence][data-state=active]"));
    assertThat(listed.getText())
        .contains("alertname=\"" + ALERT + "\"")
        .contains("service_name=\"order-service\"")
        .contains("e2e-oncall")
        .contains("audit_log index is being built");
    String silenceId = listed.getAttribute("data-id");

    JsonNode silences = JSON.readTree(backend.get(backend.apiBase() + "/api/v2/silences").body());
    JsonNode silence = null;
    for (JsonNode s : silences) {
      if (s.path("id").asText().equals(silenceId)) {
        silence = s;
      }
    }
    assertThat(silence).as("the silence in the silences API").isNotNull();
    assertThat(silence.path("status").path("state").asText()).isEqualTo("active");
    assertThat(silence.path("createdBy").asText()).isEqualTo("e2e-oncall");
    assertThat(silence.path("comment").asText()).isEqualTo("audit_log index is being built");
    assertThat(silence.path("matchers").findValuesAsText("name"))
        .containsExactlyInAnyOrder("alertname", "service_name");
    assertThat(silence.path("matchers").findValuesAsText("value"))
        .containsExactlyInAnyOrder(ALERT, "order-service");
    // The page reads the alerts again: this one is silenced now.
    browser.awaitElement(
        "the alert marked silenced",
        By.cssSelector(
            "[data-test=alert-rule][data-rule=" + ALERT + "] [data-test=alert-silenced]"));
    browser.screenshot("alerts-silenced");

    // Expire it from the list.
    browser
        .driver
        .findElement(
            By.cssSelector(
                "[data-test=silence][data-id='" + silenceId + "'] [data-test=expire-silence]"))
        .click();
    backend.await(
        "/api/v2/silence/" + silenceId,
        json -> json.path("status").path("state").asText().equals("expired"));
  }

  @Test
  void theTopologyDrawsTheServiceOfTheFiringCriticalAlertRedAndLinksToIt() throws Exception {
    JsonNode topology =
        backend.await(
            "/api/topology?lookback=15m",
            json -> {
              for (JsonNode node : json.path("nodes")) {
                if (node.path("id").asText().equals("order-service")) {
                  return node.path("health").path("state").asText().equals("critical")
                      && node.path("alerts").findValuesAsText("name").contains(ALERT);
                }
              }
              return false;
            });
    JsonNode orders = null;
    for (JsonNode node : topology.path("nodes")) {
      if (node.path("id").asText().equals("order-service")) {
        orders = node;
      }
    }
    assertThat(orders.path("health").path("reasons").path(0).path("text").asText())
        .isEqualTo("alert " + ALERT + " firing");

    browser.driver.get(backend.uiBase + "/topology");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    browser.await(
        "order-service drawn with a red ring",
        d -> {
          Object drawn =
              js(
                  "const cy = window.tracemateTopology; const n = cy && cy.$id('order-service');"
                      + " return n && n.length ? [n.data('health'), n.style('border-color'), n.data('label')] : null;");
          if (!(drawn instanceof List<?> values)) {
            return null;
          }
          return "critical".equals(values.get(0))
                  && RED.equals(String.valueOf(values.get(1)).replace(" ", ""))
                  && String.valueOf(values.get(2)).contains("alert " + ALERT + " firing")
              ? values
              : null;
        });

    WebElement graph = browser.driver.findElement(By.cssSelector("[data-test=topology-graph]"));
    WebElement panel =
        browser.await(
            "order-service panel after clicking its node",
            d -> {
              @SuppressWarnings("unchecked")
              Map<String, Number> at =
                  (Map<String, Number>)
                      js("return window.tracemateTopology.$id('order-service').renderedPosition()");
              int x =
                  (int) Math.round(at.get("x").doubleValue() - graph.getSize().getWidth() / 2.0);
              int y =
                  (int) Math.round(at.get("y").doubleValue() - graph.getSize().getHeight() / 2.0);
              new Actions(d).moveToElement(graph, x, y).pause(300).perform();
              new Actions(d).click().perform();
              List<WebElement> panels =
                  d.findElements(
                      By.cssSelector("[data-test=node-panel][data-node='order-service']"));
              return panels.isEmpty() ? null : panels.get(0);
            });
    WebElement reason =
        panel.findElement(By.cssSelector("[data-test=node-health-reasons] [data-kind=alert]"));
    assertThat(reason.getAttribute("data-state")).isEqualTo("critical");
    assertThat(reason.getText()).contains("alert " + ALERT + " firing");
    WebElement listed =
        panel.findElement(By.cssSelector("[data-test=node-alert][data-alert=" + ALERT + "]"));
    browser.screenshot("topology-alert");
    listed.findElement(By.cssSelector("a")).click();
    browser.await(
        "the alerts page filtered to the alert",
        d ->
            d.getCurrentUrl().contains("/alerts?")
                && d.getCurrentUrl().contains("alertname=" + ALERT)
                && d.getCurrentUrl().contains("service=order-service"));
    browser.awaitElement(
        "the alert on the filtered page",
        By.cssSelector("[data-test=alert-rule][data-rule=" + ALERT + "]"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=alert-rule]"))).hasSize(1);
  }
}
