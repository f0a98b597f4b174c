package io.tracemate.app.ui;

import static io.tracemate.app.ui.DemoBackend.SLOW_QUERY_WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
  private static final String AUDIT_QUERY = "{service_name=\"order-service\"} |= \"audit_log\"";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private DemoBackend backend;
  private Browser browser;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    backend = UI.backend();
    backend.await(
        "/loki/api/v1/query_range?limit=5&query=" + enc(AUDIT_QUERY),
        json -> json.path("data").path("result").toString().contains(SLOW_QUERY_WARNING));
  }

  /**
   * A stream of the query's with a dozen lines or more, asked as the UI asks (categorize-labels), so that its
   * labels are the stream's own and not its lines' structured metadata. Bounded: 60 s.
   */
  private JsonNode busiestStream(String query) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    backend.apiBase() + "/loki/api/v1/query_range?limit=200&query=" + enc(query)))
            .header("X-Loki-Response-Encoding-Flags", "categorize-labels")
            .build();
    long deadline = System.nanoTime() + 60_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      last = response.body();
      if (response.statusCode() == 200) {
        for (JsonNode stream : JSON.readTree(last).path("data").path("result")) {
          if (stream.path("values").size() >= 12) {
            return stream;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no stream of " + query + " with 12 lines within 60 s; last answer: " + last);
  }

  private static String selectorOf(JsonNode labels) {
    StringBuilder selector = new StringBuilder("{");
    labels
        .fields()
        .forEachRemaining(
            label ->
                selector
                    .append(selector.length() > 1 ? ", " : "")
                    .append(label.getKey())
                    .append("=\"")
                    .append(label.getValue().asText().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"'));
    return selector.append('}').toString();
  }

  /** The audit query's last 15 minutes on the logs page; the row of its full-table-scan warning. */
  private WebElement openTheAuditQueryAtItsWarning() {
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(AUDIT_QUERY) + "&lookback=15m");
    return browser.awaitContaining(
        "the full-table-scan warning in the list",
        By.cssSelector("[data-test=log-row]"),
        SLOW_QUERY_WARNING);
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void aLogQueryShowsTheFullTableScanWarningWithItsVolumeAndATraceLinkThatOpensTheTrace() {
    WebElement warning = openTheAuditQueryAtItsWarning();
    assertThat(warning.getText()).contains("order-service");
    browser.await(
        "volume histogram with lines in it",
        d -> {
          List<WebElement> volume = d.findElements(By.cssSelector("[data-test=volume]"));
          return !volume.isEmpty()
              && Integer.parseInt(volume.get(0).getDomAttribute("data-total")) > 0;
        });
    assertThat(
            browser.driver.findElement(By.cssSelector("[data-test=logql]")).getDomProperty("value"))
        .isEqualTo(AUDIT_QUERY);
    browser.screenshot("logs");

    WebElement traceLink = warning.findElement(By.cssSelector("[data-test=trace-link]"));
    String href = traceLink.getDomAttribute("href");
    // The line was logged inside the audit_log span: the link opens the trace at that span.
    assertThat(href).matches("/trace/[0-9a-f]{16,32}\\?span=[0-9a-f]{16}");
    traceLink.click();
    browser.await("trace view opened from the log line", d -> d.getCurrentUrl().endsWith(href));
    browser.awaitElement("gantt rows of the linked trace", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=trace-id]")).getText())
        .isEqualTo(href.substring("/trace/".length(), href.indexOf('?')));
    assertThat(
            browser
                .awaitElement("the line's span selected", By.cssSelector("[data-test=span-detail]"))
                .getText())
        .contains("SELECT orders.audit_log");
  }

  @Test
  void aLineOpensItsDetailsWhoseFieldsFilterTheQueryAndWhoseStreamShowsItsContext() {
    WebElement warning = openTheAuditQueryAtItsWarning();
    assertThat(warning.getDomAttribute("data-level")).isEqualTo("warn");
    warning.findElement(By.cssSelector(".line")).click();

    WebElement details =
        browser.awaitElement("line details", By.cssSelector("[data-test=log-details]"));
    assertThat(details.findElement(By.cssSelector("[data-test=log-details-line]")).getText())
        .contains(SLOW_QUERY_WARNING);
    assertThat(
            details.findElements(
                By.cssSelector("[data-test=log-field][data-source=label][data-name=service_name]")))
        .hasSize(1);
    assertThat(
            details.findElements(
                By.cssSelector("[data-test=log-field][data-source=metadata][data-name=trace_id]")))
        .hasSize(1);
    assertThat(
            details
                .findElement(By.cssSelector("[data-test=log-details-trace]"))
                .getDomAttribute("href"))
        .contains("?span=");

    details.findElement(By.cssSelector("[data-test=log-context]")).click();
    browser.await(
        "its stream around it, itself marked",
        d -> {
          List<WebElement> lines =
              d.findElements(By.cssSelector("[data-test=log-context-lines] li"));
          return lines.stream()
              .anyMatch(
                  l ->
                      l.getDomAttribute("class").contains("current")
                          && l.getText().contains(SLOW_QUERY_WARNING));
        });
    browser.screenshot("logs-line-details");

    // "Filter out" a label: the query gets the matcher and runs again.
    details
        .findElement(
            By.cssSelector("[data-test=log-field][data-name=level] [data-test=filter-out]"))
        .click();
    browser.await(
        "the query filters the level out",
        d ->
            d.findElement(By.cssSelector("[data-test=logql]"))
                .getDomProperty("value")
                .equals(AUDIT_QUERY + " | level!=\"warn\""));
    browser.await(
        "no warning left",
        d ->
            d.findElements(By.cssSelector("[data-test=log-row]")).stream()
                .noneMatch(row -> row.getText().contains(SLOW_QUERY_WARNING)));

    // Both queries are in the history.
    List<String> history =
        browser.driver.findElements(By.cssSelector("[data-test=history] option")).stream()
            .map(o -> o.getDomAttribute("value"))
            .toList();
    assertThat(history).contains(AUDIT_QUERY, AUDIT_QUERY + " | level!=\"warn\"");
  }

  @Test
  void anExceptionsStackTraceReadsLineByLineAndALabelFilteredForNarrowsTheSelector()
      throws Exception {
    // Order-service reports a failed request with the exception escaping the servlet, its stack
    // trace in the OTLP record's exception.stacktrace attribute (structured metadata).
    String failures = "{service_name=\"order-service\", level=\"error\"} |= \"threw exception\"";
    awaitLines(failures, "exception_stacktrace");
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(failures) + "&lookback=15m");
    WebElement row =
        browser.awaitElement("a failed request's line", By.cssSelector("[data-test=log-row]"));
    assertThat(row.getDomAttribute("data-level")).isEqualTo("error");
    // Level colours: an error line is edged in the error colour.
    assertThat(row.getCssValue("border-left-color")).isEqualTo("rgba(217, 48, 37, 1)");
    row.findElement(By.cssSelector(".time")).click();
    // The exception comes first in the details, its stack trace a frame a line, in view at once.
    WebElement trace =
        browser.awaitElement(
            "the exception's stack trace", By.cssSelector("[data-test=log-details-stacktrace]"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=log-details-exception]"))
                .getText())
        .contains("Exception");
    List<String> frames = trace.getText().lines().filter(l -> l.strip().startsWith("at ")).toList();
    assertThat(frames).as("stack frames, one a line: %s", trace.getText()).hasSizeGreaterThan(2);
    assertThat(trace.getSize().getHeight())
        .as("px the stack trace takes (one line each, not run together)")
        .isGreaterThan(3 * 12);
    assertThat(trace.getLocation().getY())
        .as("top of the stack trace, px")
        .isLessThan(800 - 3 * 15);
    // It is structured metadata too, with the other fields.
    assertThat(
            browser.driver.findElements(
                By.cssSelector(
                    "[data-test=log-details] [data-test=log-field][data-source=metadata]"
                        + "[data-name=exception_stacktrace]")))
        .hasSize(1);
    browser.screenshot("logs-stack-trace");

    // "Filter for" a stream label: it joins the selector, where the index finds it.
    WebElement pod =
        browser.driver.findElement(
            By.cssSelector(
                "[data-test=log-details] [data-test=log-field][data-source=label][data-name=pod]"));
    String podName = pod.findElement(By.cssSelector("pre")).getText();
    pod.findElement(By.cssSelector("[data-test=filter-for]")).click();
    String narrowed =
        "{service_name=\"order-service\", level=\"error\", pod=\""
            + podName
            + "\"} |= \"threw exception\"";
    browser.await(
        "the pod in the selector",
        d ->
            d.findElement(By.cssSelector("[data-test=logql]"))
                .getDomProperty("value")
                .equals(narrowed));
    browser.awaitElement("that pod's failures", By.cssSelector("[data-test=log-row]"));
  }

  @Test
  void aLongLineWrapsOnRequestAndItsParsedFieldsFilterTheQuery() throws Exception {
    String words = String.join(" ", java.util.Collections.nCopies(80, "lorem"));
    push("e2e-wrap", "level=warn took=4.5s msg=\"" + words + "\"");
    String query = "{service_name=\"e2e-wrap\"}";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(query) + "&lookback=15m");
    By row = By.cssSelector("[data-test=log-row]");
    browser.awaitContaining("the long line", row, "lorem");
    WebElement wrap = browser.driver.findElement(By.cssSelector("[data-test=wrap]"));
    if (wrap.isSelected()) { // the choice is remembered in the browser: start unwrapped
      wrap.click();
    }
    browser.await("one line a row", d -> d.findElement(row).getSize().getHeight() <= 24);

    wrap.click();
    // About 480 characters: several lines at 1280 px.
    browser.await("the line wrapped", d -> d.findElement(row).getSize().getHeight() >= 22 + 2 * 17);
    assertThat(js("return localStorage.getItem('tracemate.logs.wrap')")).isEqualTo("true");
    browser.screenshot("logs-wrapped");
    wrap.click();
    browser.await("one line again", d -> d.findElement(row).getSize().getHeight() <= 24);

    // Its logfmt fields are parsed in the details; "filter for" one adds the parser and the filter.
    browser.driver.findElement(row).findElement(By.cssSelector(".time")).click();
    WebElement took =
        browser.awaitElement(
            "the parsed field",
            By.cssSelector(
                "[data-test=log-details] [data-test=log-field][data-source=logfmt][data-name=took]"));
    assertThat(took.getText()).contains("4.5s");
    took.findElement(By.cssSelector("[data-test=filter-for]")).click();
    browser.await(
        "the query filters on the parsed field",
        d ->
            d.findElement(By.cssSelector("[data-test=logql]"))
                .getDomProperty("value")
                .equals(query + " | logfmt | took=\"4.5s\""));
    browser.awaitContaining("the line still matches", row, "lorem");
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  /**
   * Waits until a log query finds lines whose answer (asked as the UI asks, categorize-labels) contains
   * {@code text}. Bounded: 90 s (failures are a few a minute in the demo).
   */
  private void awaitLines(String query, String text) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    backend.apiBase() + "/loki/api/v1/query_range?limit=20&query=" + enc(query)))
            .header("X-Loki-Response-Encoding-Flags", "categorize-labels")
            .build();
    long deadline = System.nanoTime() + 90_000_000_000L;
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      last = response.body();
      if (response.statusCode() == 200 && last.contains(text)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no line of " + query + " with " + text + " within 90 s; last answer: " + last);
  }

  @Test
  void aLinesContextIsTheLinesAroundItInItsOwnStream() throws Exception {
    // One stream's own selector (several pods log under one service: under a broader selector the
    // sixth newest row may be the newest of its own stream, and then nothing can come after it).
    JsonNode busy = busiestStream("{service_name=\"order-service\", level=\"info\"}");
    String query = selectorOf(busy.path("stream"));
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(query) + "&lookback=15m");
    List<WebElement> rows =
        browser.await(
            "info lines",
            d -> {
              List<WebElement> found = d.findElements(By.cssSelector("[data-test=log-row]"));
              return found.size() >= 10 ? found : null;
            });
    String line = rows.get(5).findElement(By.cssSelector(".line")).getText();
    rows.get(5).findElement(By.cssSelector(".time")).click();
    browser
        .awaitElement(
            "line details", By.cssSelector("[data-test=log-details] [data-test=log-context]"))
        .click();
    List<WebElement> context =
        browser.await(
            "lines before and after it",
            d -> {
              List<WebElement> lines =
                  d.findElements(By.cssSelector("[data-test=log-context-lines] li"));
              return lines.size() >= 3 ? lines : null;
            });
    int current = -1;
    for (int i = 0; i < context.size(); i++) {
      if (context.get(i).getDomAttribute("class").contains("current")) {
        current = i;
      }
    }
    assertThat(current)
        .as("the line itself, with lines on both sides")
        .isBetween(1, context.size() - 2);
    assertThat(context.get(current).getText())
        .contains(line.length() > 40 ? line.substring(0, 40) : line);
    browser.screenshot("logs-context");
  }

  @Test
  void aJsonQueryShowsItsLinesAtTheTopEvenWhenItsVolumeCannotBeDrawn() {
    browser.driver.get(
        backend.uiBase
            + "/logs?query="
            + enc("{service_name=\"order-service\"} | json")
            + "&lookback=15m");
    WebElement first =
        browser.awaitElement("lines of the json query", By.cssSelector("[data-test=log-row]"));
    assertThat(first.getLocation().getY()).as("first line's top, px").isLessThan(400);
    for (WebElement problem :
        browser.driver.findElements(By.cssSelector("[data-test=volume-problem]"))) {
      assertThat(problem.getDomAttribute("open")).as("the volume's error stays folded").isNull();
    }
    browser.driver.findElement(By.cssSelector("[data-test=wrap]")).click();
    browser.screenshot("logs-json-wrapped");
  }

  @Test
  void labelNamesAndValuesAreCompletedInsideTheSelector() {
    browser.driver.get(backend.uiBase + "/logs");
    WebElement box = browser.awaitElement("query box", By.cssSelector("[data-test=logql]"));
    box.sendKeys("{servi");
    browser.await(
        "label name offered",
        d ->
            d.findElements(By.cssSelector("[data-test=completion]")).stream()
                .anyMatch(c -> c.getText().contains("service_name")));
    box.sendKeys(Keys.ENTER);
    assertThat(box.getDomProperty("value")).isEqualTo("{service_name=\"\"");
    browser.await(
        "label values offered",
        d ->
            d.findElements(By.cssSelector("[data-test=completion]")).stream()
                .anyMatch(c -> c.getText().contains("order-service")));
    box.sendKeys("order");
    box.sendKeys(Keys.ENTER);
    assertThat(box.getDomProperty("value")).isEqualTo("{service_name=\"order-service\"");
  }

  @Test
  void liveTailShowsAPushedLineAndPauseHoldsTheNextOneBack() throws Exception {
    String query = "{service_name=\"e2e-tail\"}";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(query) + "&lookback=5m");
    browser.awaitElement("tail button", By.cssSelector("[data-test=tail]")).click();
    browser.await(
        "tail connected",
        d ->
            "live"
                .equals(
                    d.findElement(By.cssSelector("[data-test=tail-bar]"))
                        .getDomAttribute("data-state")));

    push("e2e-tail", "first tailed line trace_id=4bf92f3577b34da6a3ce929d0e0e4736");
    browser.await(
        "the pushed line in the tail",
        d ->
            d.findElements(By.cssSelector("[data-test=log-row]")).stream()
                .anyMatch(row -> row.getText().contains("first tailed line")));
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=tail-count]")).getText())
        .isEqualTo("1 line received");
    browser.screenshot("logs-live-tail");

    browser.driver.findElement(By.cssSelector("[data-test=tail-pause]")).click();
    push("e2e-tail", "{\"msg\":\"second tailed line\",\"user\":{\"id\":\"U42\"}}");
    browser.await(
        "the second line held while paused",
        d ->
            d.findElements(By.cssSelector("[data-test=tail-held]")).stream()
                .anyMatch(e -> e.getText().startsWith("1 held")));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .noneMatch(row -> row.getText().contains("second tailed line"));

    browser.driver.findElement(By.cssSelector("[data-test=tail-resume]")).click();
    WebElement jsonRow =
        browser.awaitContaining(
            "the held line after resume",
            By.cssSelector("[data-test=log-row]"),
            "second tailed line");
    jsonRow.findElement(By.cssSelector("[data-test=json-toggle]")).click();
    WebElement tree = browser.awaitElement("JSON tree", By.cssSelector("[data-test=json-tree]"));
    assertThat(tree.getText()).contains("user: {").contains("id: \"U42\"");
    // Each object folds on its own: folding "user" leaves one summary line in place of its members.
    tree.findElement(
            By.cssSelector("[data-test=json-line][data-path='$.user'] [data-test=json-fold]"))
        .click();
    String userLine = "[data-test=json-line][data-path='$.user']";
    browser.await(
        "the user object folded",
        d ->
            "false"
                .equals(
                    d.findElement(By.cssSelector(userLine + " [data-test=json-fold]"))
                        .getDomAttribute("aria-expanded")));
    assertThat(browser.driver.findElement(By.cssSelector(userLine)).getText())
        .contains("user:")
        .contains("1 key");
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=json-tree]")).getText())
        .doesNotContain("U42")
        .contains("msg: \"second tailed line\"");
    browser.screenshot("logs-json-tree-folded");
  }

  @Test
  void aMetricQueryDrawsAChartAndALokiErrorIsShownVerbatim() {
    String metric = "sum by (level) (count_over_time({service_name=\"order-service\"}[1m]))";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(metric) + "&lookback=15m");
    browser.awaitElement(
        "metric chart", By.cssSelector("[data-test=metric-result] [data-test=line-chart] svg"));
    // A series that started a minute ago may be a single point: a line of no length, so count
    // elements.
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=metric-result] [data-test=chart-series]")))
        .isNotEmpty();
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-list]"))).isEmpty();
    browser.screenshot("logs-metric");

    browser.driver.get(backend.uiBase + "/logs?query=" + enc("{service_name=") + "&lookback=15m");
    WebElement error =
        browser.awaitElement("Loki's error", By.cssSelector("[data-test=logs-error]"));
    assertThat(error.findElement(By.cssSelector("[data-test=loki-error]")).getText())
        .contains("parse error");
    assertThat(error.getText()).contains("{service_name=");
  }

  @Test
  void levelsPushedInCapitalsAreOneLowercaseSeriesWithTheOtlpOnes() {
    // loki4j pushes logback's level as it prints it (INFO, WARN) while the OTLP services' levels
    // come from severity numbers (info, warn): one series per level, lowercase, not INFO and info.
    String metric = "sum by (level) (count_over_time({env=\"prod\"}[1m]))";
    browser.driver.get(backend.uiBase + "/logs?query=" + enc(metric) + "&lookback=15m");
    List<String> series =
        browser.await(
            "the level series of pushed and OTLP lines",
            d -> {
              List<String> names =
                  d.findElements(By.cssSelector("[data-test=metric-result] .legend li")).stream()
                      .map(WebElement::getText)
                      .toList();
              return names.contains("{level=\"info\"}") ? names : null;
            });
    assertThat(series).allMatch(name -> name.matches("\\{level=\"[a-z]+\"}"), "lowercase levels");
    assertThat(series).doesNotHaveDuplicates();
  }

  @Test
  void theServicePageShowsRedChartsOperationsTracesAndLogsOfOrderService() throws Exception {
    backend.await(
        "/api/red/services/order-service?lookback=15m&step=15s",
        json -> json.path("operations").size() > 0);
    browser.driver.get(backend.uiBase + "/services/order-service?lookback=15m");
    browser.awaitElement(
        "RED charts", By.cssSelector("[data-test=red-charts] [data-test=line-chart] svg"));
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=red-charts] [data-test=line-chart]")))
        .hasSize(3);
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=red-charts] [data-test=chart-series]")))
        .hasSize(5);
    List<WebElement> operations =
        browser.awaitAll("top operations", By.cssSelector("[data-test=operation]"));
    assertThat(operations).anySatisfy(row -> assertThat(row.getText()).contains("/orders"));
    browser.awaitElement(
        "slow traces", By.cssSelector("[data-test=slow-traces] [data-test=service-trace] a"));
    // The slowest traces of the range, slowest first: the 4.5 s audit_log queries lead, however
    // many faster traces came after them.
    List<Double> slowest =
        browser
            .driver
            .findElements(By.cssSelector("[data-test=slow-traces] [data-test=trace-duration]"))
            .stream()
            .map(cell -> Long.parseLong(cell.getDomAttribute("data-micros")) / 1e6)
            .toList();
    assertThat(slowest).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(slowest.getFirst())
        .as("the slowest order-service trace of the range, s")
        .isGreaterThan(4.0);
    // Callers and callees, from the topology around the service.
    WebElement upstream =
        browser.awaitElement(
            "callers", By.cssSelector("[data-test=upstream-table] [data-test=upstream-row]"));
    assertThat(upstream.getText()).contains("api-gateway");
    assertThat(
            browser
                .awaitElement("callees", By.cssSelector("[data-test=downstream-table]"))
                .getText())
        .contains("mysql/orders")
        .contains("payment-service");
    // Charts answer a hover with a crosshair and every series' value.
    WebElement chart =
        browser.driver.findElement(
            By.cssSelector("[data-test=red-charts] [data-test=line-chart] svg"));
    new org.openqa.selenium.interactions.Actions(browser.driver)
        .moveToElement(chart, 40, 0)
        .perform();
    browser.awaitElement(
        "tooltip", By.cssSelector("[data-test=red-charts] [data-test=chart-tooltip]"));
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=red-charts] [data-test=crosshair]")))
        .hasSize(1);
    browser.awaitElement("service logs", By.cssSelector("[data-test=log-row]"));
    int lines =
        Integer.parseInt(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=log-list]"))
                .getDomAttribute("data-rows"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=log-row]")))
        .as("rows in the DOM of %s lines (virtualised)", lines)
        .hasSizeLessThanOrEqualTo(Math.min(lines, 60));
    browser.screenshot("service");

    browser.driver.findElement(By.cssSelector("[data-test=service-logs-link]")).click();
    browser.await("the logs page for the service", d -> d.getCurrentUrl().contains("/logs?query="));
    assertThat(
            browser
                .awaitElement("query box", By.cssSelector("[data-test=logql]"))
                .getDomProperty("value"))
        .isEqualTo("{service_name=\"order-service\"}");
  }

  @Test
  void aHundredThousandLinesPageInAsTheListIsScrolledAndItStaysVirtualAndResponsive()
      throws Exception {
    int total = 100_000;
    int batch = 5_000;
    // One line a millisecond ending a few seconds ago: the oldest pushed line is "bulk 000000".
    long firstMillis = System.currentTimeMillis() - total - 5_000;
    for (int from = 0; from < total; from += batch) {
      pushBulk(firstMillis, from, batch);
    }
    String query = "{app=\"bulk\"}";
    backend.await(
        "/loki/api/v1/query_range?limit=1&direction=forward&query=" + enc(query),
        json -> json.path("data").path("result").toString().contains("bulk 000000"));
    backend.await(
        "/loki/api/v1/query_range?limit=1&direction=backward&query=" + enc(query),
        json -> json.path("data").path("result").toString().contains("bulk 099999"));

    browser.driver.get(backend.uiBase + "/logs?query=" + enc(query) + "&lookback=15m&limit=5000");
    browser.awaitElement("the first page of bulk lines", By.cssSelector("[data-test=log-row]"));
    String loaded = "[data-test=logs-loaded]";
    JavascriptExecutor js = browser.driver;
    int pages = 0;
    while (true) {
      int before =
          Integer.parseInt(
              browser.driver.findElement(By.cssSelector(loaded)).getDomAttribute("data-loaded"));
      String state =
          browser.driver.findElement(By.cssSelector(loaded)).getDomAttribute("data-paging");
      if (state.equals("done") || state.equals("error") || state.equals("capped")) {
        break;
      }
      assertThat(++pages).as("pages fetched (%s lines loaded)", before).isLessThanOrEqualTo(25);
      js.executeScript(
          "const el = document.querySelector('[data-test=log-list]'); el.scrollTop = el.scrollHeight;");
      browser.await(
          "the page after " + before + " lines",
          d -> {
            WebElement counter = d.findElement(By.cssSelector(loaded));
            String now = counter.getDomAttribute("data-paging");
            return Integer.parseInt(counter.getDomAttribute("data-loaded")) > before
                    && !"loading".equals(now)
                || "done".equals(now)
                || "error".equals(now);
          });
      assertThat(
              ((Number)
                      js.executeScript(
                          "return document.querySelectorAll('[data-test=log-row]').length"))
                  .intValue())
          .as("rows in the DOM")
          .isLessThan(200);
    }
    WebElement counter = browser.driver.findElement(By.cssSelector(loaded));
    assertThat(counter.getText()).isEqualTo("100,000 lines loaded · all loaded");
    assertThat(counter.getDomAttribute("data-loaded")).isEqualTo("100000");

    for (String where : List.of("el.scrollHeight / 2", "el.scrollHeight")) {
      // One scroll and the render it causes, timed inside the page: the rows drawn must cover the
      // viewport.
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> round =
          (java.util.Map<String, Object>)
              js.executeAsyncScript(
                  "const done = arguments[arguments.length - 1];"
                      + "const el = document.querySelector('[data-test=log-list]');"
                      + "const t0 = performance.now(); el.scrollTop = "
                      + where
                      + ";"
                      + "requestAnimationFrame(() => requestAnimationFrame(() => {"
                      + "  const tops = [...el.querySelectorAll('[data-test=log-row]')].map(r => parseFloat(r.style.top));"
                      + "  done({ millis: performance.now() - t0, rows: tops.length,"
                      + "    covered: tops.some(t => t <= el.scrollTop) && tops.some(t => t + 22 >= el.scrollTop + el.clientHeight) });"
                      + "}));");
      assertThat(((Number) round.get("millis")).doubleValue())
          .as("scroll + render to %s", where)
          .isLessThan(1000);
      assertThat(((Number) round.get("rows")).intValue())
          .as("rows in the DOM at %s", where)
          .isBetween(1, 199);
      assertThat(round.get("covered")).as("rows cover the viewport at %s", where).isEqualTo(true);
    }
    String last =
        (String)
            js.executeScript(
                "const rows = [...document.querySelectorAll('[data-test=log-row]')];"
                    + "rows.sort((a, b) => parseFloat(b.style.top) - parseFloat(a.style.top)); return rows[0].textContent;");
    assertThat(last).contains("bulk 000000");
    browser.screenshot("logs-100k");
  }

  /** Pushes lines {@code from}..{@code from + count} of the bulk stream, retrying when the ingest rate limit answers 429. */
  private void pushBulk(long firstMillis, int from, int count) throws Exception {
    StringBuilder values = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      values
          .append(i == from ? "" : ",")
          .append("[\"")
          .append((firstMillis + i) * 1_000_000L)
          .append("\",\"bulk ")
          .append(String.format("%06d", i))
          .append(" ok\"]");
    }
    String body = "{\"streams\":[{\"stream\":{\"app\":\"bulk\"},\"values\":[" + values + "]}]}";
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(backend.apiBase() + "/loki/api/v1/push"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 429 && attempt < 10) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Math.min(5, Math.max(1, seconds)) * 1000);
        continue;
      }
      assertThat(response.statusCode())
          .as("bulk push answered %s", response.body())
          .isBetween(200, 299);
      return;
    }
  }

  private void push(String service, String line) throws Exception {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode stream = body.putArray("streams").addObject();
    stream.putObject("stream").put("service_name", service);
    long nanos = System.currentTimeMillis() * 1_000_000L;
    stream.putArray("values").addArray().add(Long.toString(nanos)).add(line);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(backend.apiBase() + "/loki/api/v1/push"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("push answered %s", response.body()).isBetween(200, 299);
  }
}
