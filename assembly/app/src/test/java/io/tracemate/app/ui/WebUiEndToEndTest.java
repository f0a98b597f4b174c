package io.tracemate.app.ui;

import static io.tracemate.app.ui.DemoBackend.AUDIT_SELECT;
import static io.tracemate.app.ui.DemoBackend.SLOW_QUERY_WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private DemoBackend backend;
  private Browser browser;

  /** A trace whose slow audit_log SELECT has been stored along with its warning log line. */
  private String slowTraceId;

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    backend = UI.backend();
    JsonNode slow =
        backend.await(
            "/api/traces?service=order-service&minDuration=4s&limit=5",
            json -> json.path("data").size() > 0);
    slowTraceId = slow.path("data").get(0).path("traceID").asText();
    backend.await(
        "/api/logs/trace/" + slowTraceId,
        json -> json.path("entries").toString().contains(SLOW_QUERY_WARNING));
  }

  @Test
  void searchFindsOrderServiceTracesAndOpensOneWithItsCriticalPath() {
    browser.driver.get(backend.uiBase + "/search");
    WebElement service =
        browser.awaitElement(
            "service list loaded",
            By.cssSelector("[data-test=service] option[value='order-service']"));
    assertThat(service.getText()).isEqualTo("order-service");
    new Select(browser.driver.findElement(By.cssSelector("[data-test=service]")))
        .selectByValue("order-service");
    browser.driver.findElement(By.cssSelector("[data-test=find]")).click();

    List<WebElement> results =
        browser.awaitAll("search results", By.cssSelector("[data-test=trace-result]"));
    assertThat(browser.driver.getCurrentUrl()).contains("/search?service=order-service");
    assertThat(results)
        .allSatisfy(result -> assertThat(result.getText()).contains("order-service"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=scatter] circle")))
        .hasSameSizeAs(results);
    browser.screenshot("search");

    results.get(0).findElement(By.cssSelector("a")).click();

    browser.await(
        "trace view with the critical path",
        d ->
            d.findElements(By.cssSelector("[data-test=gantt-row][data-critical=true]")).isEmpty()
                ? null
                : true);
    assertThat(browser.driver.getCurrentUrl()).contains("/trace/");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=critical-segment]")))
        .isNotEmpty();
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=overview]")).getText())
        .contains("spans")
        .contains("services")
        .contains("errors");
    browser.screenshot("trace-view");
  }

  @Test
  void slowTraceShowsTheAuditLogSelectOnTheCriticalPathAndItsFullTableScanWarning() {
    browser.driver.get(backend.uiBase + "/search?service=order-service&minDuration=4s");
    WebElement first =
        browser.awaitElement("slow traces found", By.cssSelector("[data-test=trace-result] a"));
    first.click();

    WebElement auditSelect =
        browser.awaitElement(
            "audit_log SELECT row",
            By.cssSelector("[data-test=gantt-row][data-operation='" + AUDIT_SELECT + "']"));
    browser.await(
        "audit_log SELECT on the critical path",
        d ->
            "true"
                .equals(
                    d.findElement(
                            By.cssSelector(
                                "[data-test=gantt-row][data-operation='" + AUDIT_SELECT + "']"))
                        .getDomAttribute("data-critical")));
    auditSelect.click();

    WebElement detail =
        browser.awaitElement("span detail panel", By.cssSelector("[data-test=span-detail]"));
    assertThat(detail.getText())
        .contains(AUDIT_SELECT)
        .contains("db.statement")
        .contains("SELECT * FROM audit_log");
    detail.findElement(By.cssSelector("[data-test=logs-of-span]")).click();

    browser.await(
        "the full-table-scan warning in the span's logs",
        d ->
            d.findElement(By.cssSelector("[data-test=span-logs]"))
                .getText()
                .contains(SLOW_QUERY_WARNING));
    browser.screenshot("slow-trace-logs-of-span");

    browser.driver.findElement(By.cssSelector("[data-test=logs-of-trace]")).click();
    browser.await(
        "the trace's logs",
        d -> {
          WebElement logs = d.findElement(By.cssSelector("[data-test=span-logs]"));
          return "trace".equals(logs.getDomAttribute("data-scope"))
              && logs.getText().contains(SLOW_QUERY_WARNING)
              && logs.findElements(By.cssSelector("[data-test=log-line]")).size() > 1;
        });
  }

  @Test
  void insideATraceSpansAreFoundSteppedThroughShownInTheFlameGraphAndTheTraceSaved() {
    browser.driver.get(backend.uiBase + "/trace/" + slowTraceId);
    browser.awaitElement("gantt rows", By.cssSelector("[data-test=gantt-row]"));
    int allRows = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size();

    // The root's bar fills its row, so its label sits on the bar: in black or white, whichever
    // reads on that service's colour (WCAG contrast at least 4.5:1 against the bar's colour).
    Object contrast =
        js(
            "const row = document.querySelector('[data-test=gantt-row]');"
                + " const label = row.querySelector('.label.inside'); if (!label) return null;"
                + " const lum = c => { const [r, g, b] = c.match(/[0-9.]+/g).slice(0, 3).map(v => v / 255)"
                + "   .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);"
                + "   return 0.2126 * r + 0.7152 * g + 0.0722 * b; };"
                + " const a = lum(getComputedStyle(row.querySelector('.bar')).backgroundColor);"
                + " const b = lum(getComputedStyle(label).color);"
                + " return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);");
    assertThat(contrast).as("the root's label on its bar").isInstanceOf(Number.class);
    assertThat(((Number) contrast).doubleValue()).isGreaterThanOrEqualTo(4.5);

    // "/" jumps to the span search; every MySQL span matches; Enter steps through them, Shift+Enter
    // back.
    new Actions(browser.driver).sendKeys("/").perform();
    WebElement search = browser.driver.findElement(By.cssSelector("[data-test=span-search]"));
    assertThat(browser.driver.switchTo().activeElement()).isEqualTo(search);
    search.sendKeys("db.system=mysql");
    WebElement count =
        browser.awaitElement("match count", By.cssSelector("[data-test=span-search-count]"));
    int matches = Integer.parseInt(count.getText().replaceAll(".* of ", ""));
    assertThat(matches).isGreaterThanOrEqualTo(2);
    assertThat(
            browser.driver.findElements(By.cssSelector("[data-test=gantt-row][data-match=true]")))
        .hasSize(matches);
    search.sendKeys(Keys.ENTER);
    browser.await(
        "first match selected",
        d ->
            d.findElement(By.cssSelector("[data-test=span-search-count]"))
                    .getText()
                    .equals("1 of " + matches)
                && d.getCurrentUrl().contains("span="));
    search.sendKeys(Keys.ENTER);
    browser.await(
        "second match",
        d ->
            d.findElement(By.cssSelector("[data-test=span-search-count]"))
                .getText()
                .equals("2 of " + matches));
    search.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
    browser.await(
        "back to the first",
        d ->
            d.findElement(By.cssSelector("[data-test=span-search-count]"))
                .getText()
                .equals("1 of " + matches));
    browser.driver.findElement(By.cssSelector("[data-test=span-search-only]")).click();
    browser.await(
        "only the matches and their ancestors",
        d -> d.findElements(By.cssSelector("[data-test=gantt-row]")).size() < allRows);
    browser.screenshot("trace-span-search");
    search.sendKeys(Keys.ESCAPE);
    browser.await(
        "search cleared",
        d -> d.findElements(By.cssSelector("[data-test=gantt-row]")).size() == allRows);

    // The name column is dragged wider.
    WebElement header = browser.driver.findElement(By.cssSelector(".gantt .header"));
    String before = header.getCssValue("grid-template-columns");
    new Actions(browser.driver)
        .dragAndDropBy(
            browser.driver.findElement(By.cssSelector("[data-test=name-resize]")), 120, 0)
        .perform();
    assertThat(header.getCssValue("grid-template-columns")).isNotEqualTo(before);

    // The flame graph marks the critical path and names services.
    browser.driver.findElement(By.cssSelector("[data-test=tab-flame]")).click();
    WebElement flame =
        browser.awaitElement("flame graph", By.cssSelector("[data-test=flame-graph]"));
    assertThat(Integer.parseInt(flame.getDomAttribute("data-critical"))).isPositive();
    // A box names its service (the root spans the top row).
    new Actions(browser.driver)
        .moveToElement(flame, 0, -flame.getSize().getHeight() / 2 + 9)
        .perform();
    browser.await(
        "the hovered root named with its service",
        d -> d.findElement(By.cssSelector(".flame .status")).getText().contains("api-gateway: "));
    browser.screenshot("flame-graph-critical-path");

    // "Download JSON" saves Jaeger's JSON of this trace.
    js(
        "window.savedBlob = null; const make = URL.createObjectURL.bind(URL);"
            + " URL.createObjectURL = (blob) => { window.savedBlob = blob; return make(blob); };");
    browser.driver.findElement(By.cssSelector("[data-test=download-json]")).click();
    String saved =
        (String)
            ((JavascriptExecutor) browser.driver)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1]; window.savedBlob.text().then(done);");
    assertThat(saved)
        .startsWith("{")
        .contains("\"traceID\": \"" + slowTraceId + "\"")
        .contains(AUDIT_SELECT);
  }

  @Test
  void aSpansLogsOpenInTheLogExplorerAtThatSpan() {
    WebElement detail = openTheAuditSelectOfTheSlowTrace();
    detail.findElement(By.cssSelector("[data-test=span-logs-explorer]")).click();
    browser.await("the log explorer", d -> d.getCurrentUrl().contains("/logs?"));
    String query =
        browser
            .awaitElement("query box", By.cssSelector("[data-test=logql]"))
            .getDomProperty("value");
    assertThat(query)
        .startsWith(
            "{service_name=\"order-service\"} | trace_id=\"" + slowTraceId + "\" | span_id=\"");
    browser.await(
        "the span's warning in the explorer",
        d ->
            d.findElements(By.cssSelector("[data-test=log-row]")).stream()
                .anyMatch(row -> row.getText().contains("audit_log without date range")));
  }

  /** The slow trace's page with its audit_log SELECT span selected; the span's detail panel. */
  private WebElement openTheAuditSelectOfTheSlowTrace() {
    browser.driver.get(backend.uiBase + "/trace/" + slowTraceId);
    browser
        .awaitElement(
            "audit_log SELECT row",
            By.cssSelector("[data-test=gantt-row][data-operation='" + AUDIT_SELECT + "']"))
        .click();
    return browser.awaitElement("span detail panel", By.cssSelector("[data-test=span-detail]"));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  @Test
  void aSearchResultHasPerOperationStatistics() {
    browser.driver.get(backend.uiBase + "/search?service=order-service&orderBy=duration&limit=20");
    browser.awaitElement("results", By.cssSelector("[data-test=trace-result]"));
    browser.driver.findElement(By.cssSelector("[data-test=view-operations]")).click();
    List<WebElement> rows =
        browser.awaitAll("operation statistics", By.cssSelector("[data-test=operation-stat]"));
    assertThat(rows)
        .anySatisfy(
            row -> assertThat(row.getText()).contains("order-service").contains(AUDIT_SELECT));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=operation-stats] thead"))
                .getText())
        .contains("Spans")
        .contains("Errors")
        .contains("p50")
        .contains("p99");
    browser.screenshot("search-operation-stats");
  }

  @Test
  void twoTracesTickedInTheResultsAreComparedCallByCall() {
    // Orders placed (one root operation), the newest: a slow one (the audit_log query) against the
    // fastest of them. (The slowest of the range would not do: once the demo has run a while they
    // are all slow.)
    browser.driver.get(
        backend.uiBase + "/search?service=order-service&operation=POST%20%2Forders&limit=20");
    List<WebElement> results =
        browser.await(
            "a slow and a fast order among the results",
            d -> {
              List<WebElement> found = d.findElements(By.cssSelector("[data-test=trace-result]"));
              // Bars are scaled to the slowest: 100 % for it, under a quarter for a fast one.
              return found.size() >= 2 && found.stream().anyMatch(r -> barShare(r) < 25)
                  ? found
                  : null;
            });
    WebElement slowestResult =
        results.stream()
            .max(java.util.Comparator.comparingDouble(WebUiEndToEndTest::barShare))
            .orElseThrow();
    WebElement fastestResult =
        results.stream()
            .min(java.util.Comparator.comparingDouble(WebUiEndToEndTest::barShare))
            .orElseThrow();
    // The slowest order against the fastest: same calls, very different times.
    slowestResult.findElement(By.cssSelector("[data-test=compare-pick]")).click();
    fastestResult.findElement(By.cssSelector("[data-test=compare-pick]")).click();
    browser.awaitElement("compare link", By.cssSelector("[data-test=compare-picked]")).click();
    browser.await("the compare page", d -> d.getCurrentUrl().contains("/compare?a="));
    // Side by side: one row per matched call, A's spans in the left lane and B's in the right, on
    // one scale.
    List<WebElement> lanes =
        browser.await(
            "matched calls side by side",
            d -> {
              List<WebElement> found =
                  d.findElements(By.cssSelector("[data-test=compare-lane-row]"));
              return found.size() > 3 ? found : null;
            });
    WebElement root = lanes.getFirst();
    assertThat(root.getText()).contains("api-gateway");
    double widthA =
        root.findElement(By.cssSelector("[data-test=lane-A] [data-test=compare-bar]"))
            .getSize()
            .getWidth();
    double widthB =
        root.findElement(By.cssSelector("[data-test=lane-B] [data-test=compare-bar]"))
            .getSize()
            .getWidth();
    double laneWidth = root.findElement(By.cssSelector("[data-test=lane-B]")).getSize().getWidth();
    // The slowest trace (A) fills its lane; the fastest (B) takes the share of it its duration is.
    assertThat(widthA).isGreaterThan(widthB).isGreaterThan(laneWidth * 0.95);
    assertThat(root.findElement(By.cssSelector(".delta")).getText()).startsWith("−");
    assertThat(lanes)
        .anySatisfy(row -> assertThat(row.getDomAttribute("data-changed")).isEqualTo("true"));
    browser.screenshot("trace-compare");
    // A bar opens its span in its trace.
    String slowest = browser.driver.getCurrentUrl().replaceAll(".*[?&]a=([0-9a-f]+).*", "$1");
    root.findElement(By.cssSelector("[data-test=lane-A] [data-test=compare-bar]")).click();
    browser.await(
        "the span in trace A", d -> d.getCurrentUrl().contains("/trace/" + slowest + "?span="));
    browser.awaitElement("its detail", By.cssSelector("[data-test=span-detail]"));
    browser.driver.navigate().back();

    browser
        .awaitElement("the table view", By.cssSelector("[data-test=compare-view-table]"))
        .click();
    List<WebElement> rows =
        browser.await(
            "matched calls in the table",
            d -> {
              List<WebElement> found = d.findElements(By.cssSelector("[data-test=compare-row]"));
              return found.size() > 3 ? found : null;
            });
    assertThat(rows.getFirst().getText()).contains("api-gateway");
    assertThat(rows)
        .anySatisfy(row -> assertThat(row.getDomAttribute("data-changed")).isEqualTo("true"));
    assertThat(browser.driver.getCurrentUrl()).contains("view=table");
  }

  /** A search result's duration bar width, in % of the slowest result's. */
  private static double barShare(WebElement result) {
    String style =
        result.findElement(By.cssSelector(".duration-bar > div")).getDomAttribute("style");
    return Double.parseDouble(style.replaceAll(".*width:\\s*([0-9.]+)%.*", "$1"));
  }

  @Test
  void theServicesOverviewOpensAServiceIntoItsOperationsAndItsPods() {
    browser.driver.get(backend.uiBase + "/services?lookback=15m");
    WebElement row =
        browser.awaitElement(
            "order-service in the overview",
            By.cssSelector("[data-test=service-row][data-service='order-service']"));
    row.findElement(By.cssSelector("[data-test=expand-service]")).click();
    browser.await("open in the URL", d -> d.getCurrentUrl().contains("open=order-service"));
    WebElement breakdown =
        browser.await(
            "its operations and instances",
            d -> {
              List<WebElement> found =
                  d.findElements(
                      By.cssSelector(
                          "[data-test=service-breakdown][data-service='order-service'] [data-test=instance-row]"));
              return found.isEmpty()
                  ? null
                  : d.findElement(
                      By.cssSelector(
                          "[data-test=service-breakdown][data-service='order-service']"));
            });
    // Operations by their share of the service's time, the largest first, each a link to its
    // slowest traces.
    List<WebElement> operations =
        breakdown.findElements(By.cssSelector("[data-test=operation-row]"));
    assertThat(operations)
        .extracting(op -> op.findElement(By.cssSelector("a")).getText())
        .contains("POST /orders", "GET /orders/{id}");
    assertThat(operations)
        .extracting(
            op ->
                Double.parseDouble(
                    op.findElement(By.cssSelector("td:last-child"))
                        .getText()
                        .replace("%", "")
                        .replace("<", "")
                        .trim()))
        .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(operations.getFirst().findElement(By.cssSelector("a")).getDomAttribute("href"))
        .contains("/search?service=order-service&operation=")
        .contains("orderBy=duration");
    // Each pod of the demo's order-service replicas, named as Kubernetes names it, with its own
    // RED.
    List<WebElement> pods = breakdown.findElements(By.cssSelector("[data-test=instance-row]"));
    assertThat(pods)
        .allSatisfy(
            pod ->
                assertThat(pod.findElement(By.cssSelector(".mono")).getText())
                    .startsWith("order-service-"));
    JsonNode api;
    try {
      api =
          backend.await(
              "/api/red/services/order-service?lookback=15m",
              json -> json.path("instances").size() > 0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(api.path("instances").size()).isEqualTo(pods.size());
    browser.screenshot("services-overview-breakdown");
    // A shared link opens the same breakdown.
    browser.driver.get(browser.driver.getCurrentUrl());
    browser.awaitElement(
        "the breakdown from the link",
        By.cssSelector(
            "[data-test=service-breakdown][data-service='order-service'] [data-test=operation-row]"));
  }

  @Test
  void aServicesOperationsSayWhichIsSlowAndWhyAgainstTheirSlo() {
    // The demo promises order-service p99 ≤ 2 s; placing an order hits the 4.5 s audit query now
    // and then.
    browser.driver.get(backend.uiBase + "/services/order-service?lookback=15m");
    WebElement placing =
        browser.await(
            "POST /orders judged over its SLO",
            d -> {
              List<WebElement> rows =
                  d.findElements(
                      By.cssSelector("[data-test=operation][data-operation='POST /orders']"));
              return rows.isEmpty()
                      || !rows.getFirst()
                          .findElement(By.cssSelector("[data-test=operation-health]"))
                          .getText()
                          .contains("> SLO 2 s")
                  ? null
                  : rows.getFirst();
            });
    WebElement health = placing.findElement(By.cssSelector("[data-test=operation-health]"));
    assertThat(health.getDomAttribute("data-state")).isIn("warning", "critical");
    assertThat(health.getDomAttribute("title")).contains("p99").contains("error rate");
    // Unhealthy operations come first.
    List<WebElement> states =
        browser.driver.findElements(
            By.cssSelector("[data-test=operation] [data-test=operation-health]"));
    assertThat(states.getFirst().getDomAttribute("data-state")).isIn("warning", "critical");
    // And the replicas that served it.
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=instances] [data-test=instance]")))
        .isNotEmpty();
    browser.screenshot("service-operations-health");
  }

  @Test
  void theSpanDetailPanelIsDraggedWiderAndNarrowerWithinBounds() {
    WebElement detail = openTheAuditSelectOfTheSlowTrace();
    WebElement handle = browser.driver.findElement(By.cssSelector("[data-test=detail-resize]"));
    WebElement timeline = browser.driver.findElement(By.cssSelector("[data-test=gantt]"));
    int before = detail.getSize().getWidth();
    int timelineBefore = timeline.getSize().getWidth();

    // Dragged 200 px to the left: the panel is 200 px wider and the timeline gives the room.
    new Actions(browser.driver).dragAndDropBy(handle, -200, 0).perform();
    int wider = detail.getSize().getWidth();
    assertThat(wider - before).as("px wider").isBetween(190, 210);
    assertThat(timelineBefore - timeline.getSize().getWidth())
        .as("px the timeline gave")
        .isBetween(180, 210);
    browser.screenshot("trace-detail-wider");

    // Far to the right: no narrower than its minimum (280 px); far to the left: at most 70 % of the
    // window.
    new Actions(browser.driver).dragAndDropBy(handle, 1270 - centreX(handle), 0).perform();
    assertThat(detail.getSize().getWidth()).isBetween(275, 285);
    handle = browser.driver.findElement(By.cssSelector("[data-test=detail-resize]"));
    new Actions(browser.driver).dragAndDropBy(handle, 10 - centreX(handle), 0).perform();
    assertThat(detail.getSize().getWidth())
        .isLessThanOrEqualTo((int) (1280 * 0.7) + 1)
        .isGreaterThan(wider);
    // The timeline still shows its rows beside it.
    assertThat(timeline.getSize().getWidth()).isPositive();
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=gantt-row]"))).isNotEmpty();
  }

  private static int centreX(WebElement element) {
    return element.getLocation().getX() + element.getSize().getWidth() / 2;
  }

  @Test
  void darkModeIsAChoiceTheBrowserRemembers() {
    browser.driver.get(backend.uiBase + "/search");
    WebElement toggle =
        browser.awaitElement("theme toggle", By.cssSelector("[data-test=theme-toggle]"));
    String light = (String) js("return getComputedStyle(document.documentElement).backgroundColor");
    toggle.click();
    browser.await("dark", d -> "dark".equals(js("return document.documentElement.dataset.theme")));
    String dark = (String) js("return getComputedStyle(document.documentElement).backgroundColor");
    assertThat(dark).isNotEqualTo(light);
    browser.driver.get(backend.uiBase + "/topology");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    assertThat(js("return document.documentElement.dataset.theme")).isEqualTo("dark");
    browser.screenshot("topology-dark");
    browser.driver.findElement(By.cssSelector("[data-test=theme-toggle]")).click();
    assertThat(js("return localStorage.getItem('tracemate.theme')")).isEqualTo("light");
  }

  @Test
  void pastingATraceIdInTheGlobalBoxOpensIt() {
    browser.driver.get(backend.uiBase + "/search");
    WebElement box =
        browser.awaitElement("global trace-ID box", By.cssSelector("[data-test=global-trace-id]"));
    box.sendKeys("  " + slowTraceId.toUpperCase() + " ", Keys.ENTER);

    browser.await(
        "trace opened from the global box",
        d -> d.getCurrentUrl().endsWith("/trace/" + slowTraceId));
    WebElement traceId = browser.awaitElement("overview", By.cssSelector("[data-test=trace-id]"));
    assertThat(traceId.getText()).isEqualTo(slowTraceId);
    browser.awaitElement("gantt rows", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=trace-name]")).getText())
        .startsWith("api-gateway: ");
  }

  @Test
  void theShortIdShownInResultsAndATraceparentHeaderOpenTheTraceToo() {
    // The seven digits a result shows, pasted back: not a whole ID, so the trace whose ID starts
    // with them opens.
    browser.driver.get(backend.uiBase + "/search?service=order-service&orderBy=duration");
    WebElement shortId =
        browser.awaitElement(
            "a result's short ID", By.cssSelector("[data-test=trace-result] .mono"));
    String digits = shortId.getText();
    String expected =
        browser
            .driver
            .findElement(By.cssSelector("[data-test=trace-result] a"))
            .getDomAttribute("href")
            .replace("/trace/", "");
    assertThat(digits).hasSize(7);
    assertThat(expected).startsWith(digits).hasSize(32);
    browser
        .driver
        .findElement(By.cssSelector("[data-test=global-trace-id]"))
        .sendKeys(digits, Keys.ENTER);
    browser.await(
        "trace opened from its short ID", d -> d.getCurrentUrl().endsWith("/trace/" + expected));
    assertThat(browser.awaitElement("overview", By.cssSelector("[data-test=trace-id]")).getText())
        .isEqualTo(expected);

    browser.driver.get(backend.uiBase + "/search");
    browser
        .awaitElement("global trace-ID box", By.cssSelector("[data-test=global-trace-id]"))
        .sendKeys("traceparent: 00-" + slowTraceId + "-00f067aa0ba902b7-01", Keys.ENTER);
    browser.await(
        "trace opened from a traceparent",
        d -> d.getCurrentUrl().endsWith("/trace/" + slowTraceId));
    browser.awaitElement("gantt rows", By.cssSelector("[data-test=gantt-row]"));
  }

  @Test
  void mistypedAddressesGetTheAppAndUnknownServicesSaySo() throws Exception {
    browser.driver.get(backend.uiBase + "/logs/");
    browser.awaitElement("the logs page at /logs/", By.cssSelector("[data-test=logql]"));
    browser.driver.get(backend.uiBase + "/topology/");
    browser.awaitElement(
        "the topology page at /topology/", By.cssSelector("[data-test=topology-page]"));
    browser.driver.get(backend.uiBase + "/services");
    browser.awaitElement(
        "the services overview",
        By.cssSelector("[data-test=services-table] [data-test=service-row]"));
    browser
        .driver
        .findElement(By.cssSelector("[data-test=services-table] [data-sort=p99]"))
        .click();
    browser.await("sorted by p99", d -> d.getCurrentUrl().contains("sort=p99"));
    // The slowest first: the seconds-long checkout path (api-gateway, order-service) leads.
    String first =
        browser.driver.findElements(By.cssSelector("[data-test=service-row]")).getFirst().getText();
    assertThat(first)
        .matches(
            "(?s)\\W*(api-gateway|order-service|payment-service) .*"); // after the row's expander
    // Each service's rate, errors, p50 and p99 over the range, each telling its latest value and
    // peak.
    String order = "[data-test=service-row][data-service='order-service'] [data-test=sparkline]";
    // Each draws something visible: a line, or a dot for a value with no neighbour (the demo
    // started in the range's last steps).
    browser.await(
        "order-service's sparklines drawn",
        d -> {
          try {
            List<WebElement> sparks = d.findElements(By.cssSelector(order));
            return sparks.size() == 4
                && sparks.stream()
                    .allMatch(
                        spark ->
                            !spark.findElements(By.cssSelector("path[d*='L'], circle")).isEmpty());
          } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
            return false;
          }
        });
    assertThat(browser.driver.findElements(By.cssSelector(order)))
        .extracting(spark -> spark.getDomAttribute("data-figure"))
        .containsExactly("rate", "error ratio", "p50", "p99");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector(order + "[data-figure=p99] title"))
                .getDomProperty("textContent"))
        .matches("p99: [0-9.]+(µs|ms|s) now, peak [0-9.]+(ms|s)");
    browser.screenshot("services-overview");
    browser.driver.get(backend.uiBase + "/no/such/page");
    browser.await(
        "the app's page-not-found",
        d -> d.findElement(By.tagName("body")).getText().contains("Page not found"));
    assertThat(backend.get(backend.uiBase + "/no/such/page").statusCode()).isEqualTo(404);
    assertThat(backend.get(backend.uiBase + "/api/no-such-endpoint").body())
        .doesNotContain("<html");

    browser.driver.get(backend.uiBase + "/services/no-such-service");
    WebElement unknown =
        browser.awaitElement("unknown service", By.cssSelector("[data-test=unknown-service]"));
    assertThat(unknown.getText()).contains("Unknown service").contains("no-such-service");
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=red-summary]"))).isEmpty();
  }

  @Test
  void aTenThousandSpanTraceRendersOnlyTheRowsInViewAndScrollsToItsLastSpan() throws Exception {
    String[] wide = backend.postWideTrace(99, 100);
    backend.await(
        "/api/traces/" + wide[0], json -> json.path("data").path(0).path("spans").size() == 10_000);
    JsonNode analysis = backend.await("/api/analysis/traces/" + wide[0], json -> true);
    assertThat(analysis.path("data").path("overview").path("spanCount").asInt())
        .as("server-side analysis of the wide trace: %s", analysis.path("data").path("overview"))
        .isEqualTo(10_000);
    assertThat(analysis.path("data").path("criticalPath").size())
        .as("critical path segments")
        .isPositive();

    browser.driver.get(backend.uiBase + "/trace/" + wide[0]);
    browser.awaitElement(
        "first rows of the 10,000-span trace", By.cssSelector("[data-test=gantt-row]"));

    assertThat(browser.driver.findElement(By.cssSelector("[data-test=span-count]")).getText())
        .isEqualTo("10000");
    int rendered = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size();
    assertThat(rendered).as("rows in the DOM (virtualised)").isBetween(10, 120);
    browser.awaitElement(
        "critical path of the 10,000-span trace",
        By.cssSelector("[data-test=gantt-row][data-critical=true]"));
    browser.screenshot("wide-trace-10000-spans");

    ((JavascriptExecutor) browser.driver)
        .executeScript(
            "const s = document.querySelector('[data-test=gantt]'); s.scrollTop = s.scrollHeight;");
    browser.awaitElement(
        "last span after scrolling to the end",
        By.cssSelector("[data-test=gantt-row][data-span-id='" + wide[1] + "']"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size())
        .isBetween(10, 120);
  }

  @Test
  void aDeepLinkToATraceLoadsDirectlyZoomsIntoASubtreeAndAnUnknownTraceSaysSo() {
    browser.driver.get(backend.uiBase + "/trace/" + slowTraceId);
    browser.awaitElement("gantt rows from a deep link", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=trace-id]")).getText())
        .isEqualTo(slowTraceId);
    int allRows = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]")).size();
    List<WebElement> parents =
        browser.driver.findElements(
            By.xpath("//*[@data-test='gantt-row'][.//button[@class='toggle']]"));
    WebElement order =
        parents.stream()
            .filter(
                row ->
                    row.findElement(By.cssSelector(".service")).getText().equals("order-service"))
            .findFirst()
            .orElseThrow();
    String operation = order.getDomAttribute("data-operation");
    order.click();
    browser.awaitElement("zoom button", By.cssSelector("[data-test=zoom-subtree]")).click();
    assertThat(
            browser.awaitElement("zoomed banner", By.cssSelector("[data-test=zoomed]")).getText())
        .contains(operation);
    List<WebElement> zoomed = browser.driver.findElements(By.cssSelector("[data-test=gantt-row]"));
    assertThat(zoomed).hasSizeLessThan(allRows);
    assertThat(zoomed.get(0).getDomAttribute("data-operation")).isEqualTo(operation);
    browser.driver.findElement(By.cssSelector("[data-test=zoom-out]")).click();
    browser.await(
        "whole trace again",
        d -> d.findElements(By.cssSelector("[data-test=gantt-row]")).size() == allRows);

    browser.driver.findElement(By.cssSelector("[data-test=tab-flame]")).click();
    WebElement flame =
        browser.awaitElement("flame graph", By.cssSelector("[data-test=flame-graph]"));
    assertThat(flame.getSize().getWidth()).isGreaterThan(600);
    // The root spans the whole width of the top row: click the middle of that row.
    new Actions(browser.driver)
        .moveToElement(flame, 0, -flame.getSize().getHeight() / 2 + 9)
        .click()
        .perform();
    assertThat(
            browser
                .awaitElement("root span details", By.cssSelector("[data-test=span-detail]"))
                .getText())
        .contains("api-gateway");
    browser.screenshot("flame-graph");

    browser.driver.findElement(By.cssSelector("[data-test=tab-json]")).click();
    assertThat(browser.awaitElement("JSON view", By.cssSelector("[data-test=json]")).getText())
        .contains("\"traceID\": \"" + slowTraceId + "\"");
    browser.driver.findElement(By.cssSelector("[data-test=tab-services]")).click();
    assertThat(
            browser
                .awaitElement("service table", By.cssSelector("[data-test=service-table]"))
                .getText())
        .contains("order-service")
        .contains("api-gateway");

    browser.driver.get(backend.uiBase + "/trace/00000000000000000000000000abcdef");
    assertThat(
            browser
                .awaitElement("not-found message", By.cssSelector("[data-test=not-found]"))
                .getText())
        .contains("was not found");
  }
}
