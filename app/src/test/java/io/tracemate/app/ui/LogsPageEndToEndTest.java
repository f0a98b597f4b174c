package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The logs page in a real headless browser against the demo: the full-table-scan warning found by a LogQL
 * query with a trace link into the trace view, the volume histogram, label completion, live tail over the
 * WebSocket with pause/resume, metric queries as charts, and Loki's errors shown verbatim.
 * Screenshots land in target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogsPageEndToEndTest {
  private static final String SLOW_QUERY_WARNING = "Query on audit_log without date range, potential full table scan.";
  private static final String AUDIT_QUERY = "{service_name=\"order-service\"} |= \"audit_log\"";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dataDir;
  private DemoBackend backend;
  private Browser browser;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    browser = new Browser(Path.of("target", "ui-screenshots"));
    backend = new DemoBackend(dataDir);
    backend.await("/loki/api/v1/query_range?limit=5&query=" + enc(AUDIT_QUERY),
        json -> json.path("data").path("result").toString().contains(SLOW_QUERY_WARNING));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void aLogQueryShowsTheFullTableScanWarningWithItsVolumeAndATraceLinkThatOpensTheTrace() {
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(AUDIT_QUERY) + "&lookback=15m");
    WebElement warning = browser.await("the full-table-scan warning in the list", d -> d.findElements(
        By.cssSelector("[data-test=log-row]")).stream()
        .filter(row -> row.getText().contains(SLOW_QUERY_WARNING)).findFirst().orElse(null));
    assertThat(warning.getText()).contains("order-service");
    browser.await("volume histogram with lines in it", d -> {
      List<WebElement> volume = d.findElements(By.cssSelector("[data-test=volume]"));
      return !volume.isEmpty() && Integer.parseInt(volume.get(0).getDomAttribute("data-total")) > 0 ? true : null;
    });
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=logql]")).getDomProperty("value")).isEqualTo(AUDIT_QUERY);
    browser.screenshot("logs");

    WebElement traceLink = warning.findElement(By.cssSelector("[data-test=trace-link]"));
    String href = traceLink.getDomAttribute("href");
    assertThat(href).matches("/trace/[0-9a-f]{16,32}");
    traceLink.click();
    browser.await("trace view opened from the log line", d -> d.getCurrentUrl().endsWith(href));
    browser.awaitElement("gantt rows of the linked trace", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=trace-id]")).getText())
        .isEqualTo(href.substring("/trace/".length()));
  }

  @Test
  void labelNamesAndValuesAreCompletedInsideTheSelector() {
    browser.driver.get(backend.uiBase + "/logs");
    WebElement box = browser.awaitElement("query box", By.cssSelector("[data-test=logql]"));
    box.sendKeys("{servi");
    browser.await("label name offered", d -> d.findElements(By.cssSelector("[data-test=completion]")).stream()
        .anyMatch(c -> c.getText().contains("service_name")) ? true : null);
    box.sendKeys(Keys.ENTER);
    assertThat(box.getDomProperty("value")).isEqualTo("{service_name=\"\"");
    browser.await("label values offered", d -> d.findElements(By.cssSelector("[data-test=completion]")).stream()
        .anyMatch(c -> c.getText().contains("order-service")) ? true : null);
    box.sendKeys("order");
    box.sendKeys(Keys.ENTER);
    assertThat(box.getDomProperty("value")).isEqualTo("{service_name=\"order-service\"");
  }

  @Test
  void liveTailShowsAPushedLineAndPauseHoldsTheNextOneBack() throws Exception {
    String query = "{service_name=\"e2e-tail\"}";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(query) + "&lookback=5m");
    browser.awaitElement("tail button", By.cssSelector("[data-test=tail]")).click();
    browser.await("tail connected", d -> "live".equals(
        d.findElement(By.cssSelector("[data-test=tail-bar]")).getDomAttribute("data-state")) ? true : null);

    push("e2e-tail", "first tailed line trace_id=4bf92f3577b34da6a3ce929d0e0e4736");
    browser.await("the pushed line in the tail", d -> d.findElements(By.cssSelector("[data-test=log-row]")).stream()
        .anyMatch(row -> row.getText().contains("first tailed line")) ? true : null);
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=tail-count]")).getText()).isEqualTo("1 line received");
    browser.screenshot("logs-live-tail");

    browser.driver.findElement(By.cssSelector("[data-test=tail-pause]")).click();
    push("e2e-tail", "{\"msg\":\"second tailed line\",\"user\":{\"id\":\"U42\"}}");
    browser.await("the second line held while paused", d -> d.findElements(By.cssSelector("[data-test=tail-held]"))
        .stream().anyMatch(e -> e.getText().startsWith("1 held")) ? true : null);
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .noneMatch(row -> row.getText().contains("second tailed line"));

    browser.driver.findElement(By.cssSelector("[data-test=tail-resume]")).click();
    WebElement jsonRow = browser.await("the held line after resume", d -> d.findElements(By.cssSelector("[data-test=log-row]"))
        .stream().filter(row -> row.getText().contains("second tailed line")).findFirst().orElse(null));
    jsonRow.findElement(By.cssSelector("[data-test=json-toggle]")).click();
    assertThat(browser.awaitElement("JSON tree", By.cssSelector("[data-test=json-tree]")).getText())
        .contains("\"user\": {").contains("\"id\": \"U42\"");
  }

  @Test
  void aMetricQueryDrawsAChartAndALokiErrorIsShownVerbatim() {
    String metric = "sum by (level) (count_over_time({service_name=\"order-service\"}[1m]))";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(metric) + "&lookback=15m");
    browser.awaitElement("metric chart", By.cssSelector("[data-test=metric-result] [data-test=line-chart] svg"));
    // A series that started a minute ago may be a single point: a line of no length, so count elements.
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=metric-result] [data-test=chart-series]"))).isNotEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-list]"))).isEmpty();
    browser.screenshot("logs-metric");

    browser.driver.get(backend.uiBase + "/logs?query=" + enc("{service_name=") + "&lookback=15m");
    WebElement error = browser.awaitElement("Loki's error", By.cssSelector("[data-test=logs-error]"));
    assertThat(error.findElement(By.cssSelector("[data-test=loki-error]")).getText()).contains("parse error");
    assertThat(error.getText()).contains("{service_name=");
  }

  @Test
  void theServicePageShowsRedChartsOperationsTracesAndLogsOfOrderService() throws Exception {
    backend.await("/api/red/services/order-service?lookback=15m&step=15s", json -> json.path("operations").size() > 0);
    browser.driver.get(backend.uiBase + "/services/order-service?lookback=15m");
    browser.awaitElement("RED charts", By.cssSelector("[data-test=red-charts] [data-test=line-chart] svg"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=red-charts] [data-test=line-chart]"))).hasSize(3);
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=red-charts] [data-test=chart-series]"))).hasSize(5);
    List<WebElement> operations = browser.await("top operations", d -> {
      List<WebElement> rows = d.findElements(By.cssSelector("[data-test=operation]"));
      return rows.isEmpty() ? null : rows;
    });
    assertThat(operations).anySatisfy(row -> assertThat(row.getText()).contains("/orders"));
    browser.awaitElement("slow traces", By.cssSelector("[data-test=slow-traces] [data-test=service-trace] a"));
    browser.awaitElement("service logs", By.cssSelector("[data-test=log-row]"));
    int lines = Integer.parseInt(browser.driver.findElement(By.cssSelector("[data-test=log-list]")).getDomAttribute("data-rows"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .as("rows in the DOM of %s lines (virtualised)", lines).hasSizeLessThanOrEqualTo(Math.min(lines, 60));
    browser.screenshot("service");

    browser.driver.findElement(By.cssSelector("[data-test=service-logs-link]")).click();
    browser.await("the logs page for the service", d -> d.getCurrentUrl().contains("/logs?query="));
    assertThat(browser.awaitElement("query box", By.cssSelector("[data-test=logql]")).getDomProperty("value"))
        .isEqualTo("{service_name=\"order-service\"}");
  }

  private void push(String service, String line) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode stream = body.putArray("streams").addObject();
    stream.putObject("stream").put("service_name", service);
    long nanos = System.currentTimeMillis() * 1_000_000L;
    stream.putArray("values").addArray().add(Long.toString(nanos)).add(line);
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(backend.apiBase() + "/loki/api/v1/push"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("push answered %s", response.body()).isBetween(200, 299);
  }
}
