package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in a real headless browser against a real server fed by the demo's traffic: trace search, the
 * trace view with its critical path, the seeds' troubleshooting story (the slow audit_log SELECT on the critical
 * path, its full-table-scan warning in "logs of this span"), the global trace-ID box and deep links.
 * Screenshots land in target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiEndToEndTest {
  private static final String SLOW_QUERY_WARNING = "Query on audit_log without date range, potential full table scan.";
  private static final String AUDIT_SELECT = "SELECT orders.audit_log";

  @TempDir
  static Path dataDir; // static: instance @TempDir fields are not injected yet when @BeforeAll runs
  private DemoBackend backend;
  private Browser browser;
  /** A trace whose slow audit_log SELECT has been stored along with its warning log line. */
  private String slowTraceId;

  @BeforeAll
  void start() throws Exception {
    browser = new Browser(Path.of("target", "ui-screenshots")); // first: a missing chromium fails at once
    assertThat(dataDir).as("temporary data folder").isNotNull();
    backend = new DemoBackend(dataDir);
    JsonNode slow = backend.await("/api/traces?service=order-service&minDuration=4s&limit=5",
        json -> json.path("data").size() > 0);
    slowTraceId = slow.path("data").get(0).path("traceID").asText();
    backend.await("/api/logs/trace/" + slowTraceId, json -> json.path("entries").toString().contains(SLOW_QUERY_WARNING));
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

  @Test
  void searchFindsOrderServiceTracesAndOpensOneWithItsCriticalPath() {
    browser.driver.get(backend.uiBase + "/search");
    WebElement service = browser.awaitElement("service list loaded",
        By.cssSelector("[data-test=service] option[value='order-service']"));
    assertThat(service.getText()).isEqualTo("order-service");
    new Select(browser.driver.findElement(By.cssSelector("[data-test=service]"))).selectByValue("order-service");
    browser.driver.findElement(By.cssSelector("[data-test=find]")).click();

    List<WebElement> results = browser.await("search results", d -> {
      List<WebElement> found = d.findElements(By.cssSelector("[data-test=trace-result]"));
      return found.isEmpty() ? null : found;
    });
    assertThat(browser.driver.getCurrentUrl()).contains("/search?service=order-service");
    assertThat(results).allSatisfy(result -> assertThat(result.getText()).contains("order-service"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=scatter] circle"))).hasSameSizeAs(results);
    browser.screenshot("search");

    results.get(0).findElement(By.cssSelector("a")).click();

    browser.await("trace view with the critical path", d ->
        d.findElements(By.cssSelector("[data-test=gantt-row][data-critical=true]")).isEmpty() ? null : true);
    assertThat(browser.driver.getCurrentUrl()).contains("/trace/");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=critical-segment]"))).isNotEmpty();
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=overview]")).getText())
        .contains("spans").contains("services").contains("errors");
    browser.screenshot("trace-view");
  }

  @Test
  void slowTraceShowsTheAuditLogSelectOnTheCriticalPathAndItsFullTableScanWarning() {
    browser.driver.get(backend.uiBase + "/search?service=order-service&minDuration=4s");
    WebElement first = browser.awaitElement("slow traces found", By.cssSelector("[data-test=trace-result] a"));
    first.click();

    WebElement auditSelect = browser.awaitElement("audit_log SELECT row",
        By.cssSelector("[data-test=gantt-row][data-operation='" + AUDIT_SELECT + "']"));
    browser.await("audit_log SELECT on the critical path", d -> "true".equals(
        d.findElement(By.cssSelector("[data-test=gantt-row][data-operation='" + AUDIT_SELECT + "']"))
            .getDomAttribute("data-critical")) ? true : null);
    auditSelect.click();

    WebElement detail = browser.awaitElement("span detail panel", By.cssSelector("[data-test=span-detail]"));
    assertThat(detail.getText()).contains(AUDIT_SELECT).contains("db.statement").contains("SELECT * FROM audit_log");
    detail.findElement(By.cssSelector("[data-test=logs-of-span]")).click();

    browser.await("the full-table-scan warning in the span's logs", d ->
        d.findElement(By.cssSelector("[data-test=span-logs]")).getText().contains(SLOW_QUERY_WARNING) ? true : null);
    browser.screenshot("slow-trace-logs-of-span");

    browser.driver.findElement(By.cssSelector("[data-test=logs-of-trace]")).click();
    browser.await("the trace's logs", d -> {
      WebElement logs = d.findElement(By.cssSelector("[data-test=span-logs]"));
      return "trace".equals(logs.getDomAttribute("data-scope")) && logs.getText().contains(SLOW_QUERY_WARNING)
          && logs.findElements(By.cssSelector("[data-test=log-line]")).size() > 1 ? true : null;
    });
  }

  @Test
  void pastingATraceIdInTheGlobalBoxOpensIt() {
    browser.driver.get(backend.uiBase + "/search");
    WebElement box = browser.awaitElement("global trace-ID box", By.cssSelector("[data-test=global-trace-id]"));
    box.sendKeys("  " + slowTraceId.toUpperCase() + " ", Keys.ENTER);

    browser.await("trace opened from the global box", d -> d.getCurrentUrl().endsWith("/trace/" + slowTraceId));
    WebElement traceId = browser.awaitElement("overview", By.cssSelector("[data-test=trace-id]"));
    assertThat(traceId.getText()).isEqualTo(slowTraceId);
    browser.awaitElement("gantt rows", By.cssSelector("[data-test=gantt-row]"));
  }

  @Test
  void aTenThousandSpanTraceRendersOnlyTheRowsInViewAndScrollsToItsLastSpan() throws Exception {
    String[] wide = backend.postWideTrace(99, 100);
    backend.await("/api/traces/" + wide[0], json -> json.path("data").path(0).path("spans").size() == 10_000);
    JsonNode analysis = backend.await("/api/analysis/traces/" + wide[0], json -> true);
    assertThat(analysis.path("data").path("overview").path("spanCount").asInt())
        .as("server-side analysis of the wide trace: %s", analysis.path("data").path("overview")).isEqualTo(10_000);
    assertThat(analysis.path("data").path("criticalPath").size()).as("critical path segments").isPositive();

    long started = System.nanoTime();
    browser.driver.get(backend.uiBase + "/trace/" + wide[0]);
    browser.awaitElement("first rows of the 10,000-span trace", By.cssSelector("[data-test=gantt-row]"));
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(browser.driver.findElement(By.cssSelector("[data-test=span-count]")).getText()).isEqualTo("10000");
    int rendered = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size();
    assertThat(rendered).as("rows in the DOM (virtualised)").isBetween(10, 120);
    assertThat(millis).as("time to first rows, ms").isLessThan(20_000);
    browser.awaitElement("critical path of the 10,000-span trace",
        By.cssSelector("[data-test=gantt-row][data-critical=true]"));
    browser.screenshot("wide-trace-10000-spans");

    ((JavascriptExecutor) browser.driver).executeScript(
        "const s = document.querySelector('[data-test=gantt]'); s.scrollTop = s.scrollHeight;");
    browser.awaitElement("last span after scrolling to the end",
        By.cssSelector("[data-test=gantt-row][data-span-id='" + wide[1] + "']"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size()).isBetween(10, 120);
  }

  @Test
  void aDeepLinkToATraceLoadsDirectlyZoomsIntoASubtreeAndAnUnknownTraceSaysSo() {
    browser.driver.get(backend.uiBase + "/trace/" + slowTraceId);
    browser.awaitElement("gantt rows from a deep link", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=trace-id]")).getText()).isEqualTo(slowTraceId);
    int allRows = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size();
    List<WebElement> parents = browser.driver.findElements(By.xpath("//*[@data-test='gantt-row'][.//button[@class='toggle']]"));
    WebElement order = parents.stream()
        .filter(row -> row.findElement(By.cssSelector(".service")).getText().equals("order-service")).findFirst().orElseThrow();
    String operation = order.getDomAttribute("data-operation");
    order.click();
    browser.awaitElement("zoom button", By.cssSelector("[data-test=zoom-subtree]")).click();
    assertThat(browser.awaitElement("zoomed banner", By.cssSelector("[data-test=zoomed]")).getText()).contains(operation);
    List<WebElement> zoomed = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]"));
    assertThat(zoomed).hasSizeLessThan(allRows);
    assertThat(zoomed.get(0).getDomAttribute("data-operation")).isEqualTo(operation);
    browser.driver.findElement(By.cssSelector("[data-test=zoom-out]")).click();
    browser.await("whole trace again", d -> d.findElements(By.cssSelector("[data-test=gantt-row]")).size() == allRows);

    browser.driver.findElement(By.cssSelector("[data-test=tab-flame]")).click();
    WebElement flame = browser.awaitElement("flame graph", By.cssSelector("[data-test=flame-graph]"));
    assertThat(flame.getSize().getWidth()).isGreaterThan(600);
    // The root spans the whole width of the top row: click the middle of that row.
    new Actions(browser.driver).moveToElement(flame, 0, -flame.getSize().getHeight() / 2 + 9).click().perform();
    assertThat(browser.awaitElement("root span details", By.cssSelector("[data-test=span-detail]")).getText())
        .contains("api-gateway");
    browser.screenshot("flame-graph");

    browser.driver.findElement(By.cssSelector("[data-test=tab-json]")).click();
    assertThat(browser.awaitElement("JSON view", By.cssSelector("[data-test=json]")).getText())
        .contains("\"traceID\": \"" + slowTraceId + "\"");
    browser.driver.findElement(By.cssSelector("[data-test=tab-services]")).click();
    assertThat(browser.awaitElement("service table", By.cssSelector("[data-test=service-table]")).getText())
        .contains("order-service").contains("api-gateway");

    browser.driver.get(backend.uiBase + "/trace/00000000000000000000000000abcdef");
    assertThat(browser.awaitElement("not-found message", By.cssSelector("[data-test=not-found]")).getText())
        .contains("was not found");
  }
}
