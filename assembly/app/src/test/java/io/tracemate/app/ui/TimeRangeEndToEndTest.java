package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The one time range of every page, in a real browser against the demo: presets and typed absolute ranges in the
 * header's control, the range carried between pages by the URL (and remembered across a trace page), UTC or local
 * time (the browser runs in Asia/Kolkata, UTC+5:30, so the two differ), drag-to-zoom on a chart, earlier/later,
 * and auto-refresh reloading a page in place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimeRangeEndToEndTest {
  private static final String ZONE = "Asia/Kolkata";
  private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private DemoBackend backend;
  private Browser browser;
  private String traceId;

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    browser.driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ZONE));
    backend = UI.backend();
    backend.await(
        "/api/red/services/order-service?lookback=15m&step=15s",
        json -> json.path("summary").path("calls").asInt() > 20);
    traceId =
        backend
            .await(
                "/api/traces?service=order-service&limit=1&lookback=15m",
                json -> json.path("data").size() > 0)
            .path("data")
            .get(0)
            .path("traceID")
            .asText();
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  private String rangeLabel() {
    return browser.driver.findElement(By.cssSelector("[data-test=time-range]")).getText().trim();
  }

  private Map<String, String> query() {
    String raw = URI.create(browser.driver.getCurrentUrl()).getRawQuery();
    Map<String, String> out = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        String[] kv = pair.split("=", 2);
        out.put(
            kv[0],
            kv.length > 1
                ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8)
                : "");
      }
    }
    return out;
  }

  private void openPanel() {
    browser.driver.findElement(By.cssSelector("[data-test=time-range]")).click();
    browser.awaitElement("time-range panel", By.cssSelector("[data-test=time-panel]"));
  }

  @Test
  void aPresetTravelsWithTheHeaderLinksAndSurvivesATracePage() {
    browser.driver.get(backend.uiBase + "/topology?lookback=6h");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    assertThat(rangeLabel()).isEqualTo("Last 6 hours");

    browser.driver.findElement(By.cssSelector("[data-test=nav-logs]")).click();
    browser.await(
        "the logs page with the same range", d -> d.getCurrentUrl().contains("/logs?lookback=6h"));
    assertThat(rangeLabel()).isEqualTo("Last 6 hours");

    openPanel();
    browser.driver.findElement(By.cssSelector("[data-test=time-preset][data-value='30m']")).click();
    browser.await("30 minutes in the URL", d -> "30m".equals(query().get("lookback")));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=time-panel]"))).isEmpty();
    assertThat(rangeLabel()).isEqualTo("Last 30 minutes");

    browser.driver.findElement(By.cssSelector("[data-test=nav-services]")).click();
    browser.await(
        "the services page with the same range",
        d -> d.getCurrentUrl().contains("/services?lookback=30m"));
    browser.awaitElement("services listed", By.cssSelector("[data-test=service-row]"));

    // A trace has no range of its own: the control is gone, and the next page gets the last range
    // back.
    browser
        .driver
        .findElement(By.cssSelector("[data-test=global-trace-id]"))
        .sendKeys(traceId, Keys.ENTER);
    browser.awaitElement("the trace", By.cssSelector("[data-test=gantt-row]"));
    assertThat(browser.driver.getCurrentUrl()).endsWith("/trace/" + traceId);
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=time-control]"))).isEmpty();
    browser.driver.findElement(By.cssSelector("[data-test=nav-search]")).click();
    browser.await(
        "search keeps the range through the trace page",
        d -> "30m".equals(query().get("lookback")));
    assertThat(rangeLabel()).isEqualTo("Last 30 minutes");
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=search-range]")).getText())
        .contains("the last 30 minutes");
  }

  @Test
  void anAbsoluteRangeTypedInUtcIsTheSameInstantsInLocalTimeAndInEveryLink() {
    browser.driver.get(backend.uiBase + "/services?lookback=1h");
    browser.awaitElement("services listed", By.cssSelector("[data-test=service-row]"));
    // Whole minutes that hold everything the demo sent so far (it may have started less than a
    // minute ago).
    Instant to = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
    Instant from = to.minus(10, ChronoUnit.MINUTES);

    openPanel();
    browser.driver.findElement(By.cssSelector("[data-test=time-zone-utc]")).click();
    WebElement fromBox = browser.driver.findElement(By.cssSelector("[data-test=time-from]"));
    WebElement toBox = browser.driver.findElement(By.cssSelector("[data-test=time-to]"));
    // A mistake is named, and nothing changes.
    fromBox.sendKeys(Keys.chord(Keys.CONTROL, "a"), "yesterday-ish");
    browser.driver.findElement(By.cssSelector("[data-test=time-apply]")).click();
    assertThat(
            browser
                .awaitElement("the problem", By.cssSelector("[data-test=time-problem]"))
                .getText())
        .contains("From \"yesterday-ish\" is not a time");
    assertThat(query()).containsEntry("lookback", "1h");

    fromBox.sendKeys(Keys.chord(Keys.CONTROL, "a"), TYPED.format(from.atZone(ZoneOffset.UTC)));
    toBox.sendKeys(Keys.chord(Keys.CONTROL, "a"), TYPED.format(to.atZone(ZoneOffset.UTC)));
    browser.driver.findElement(By.cssSelector("[data-test=time-apply]")).click();
    browser.await("the typed range in the URL", d -> query().containsKey("start"));
    assertThat(query())
        .containsEntry("start", String.valueOf(from.toEpochMilli()))
        .containsEntry("end", String.valueOf(to.toEpochMilli()))
        .doesNotContainKey("lookback");
    String fromUtc = FULL.format(from.atZone(ZoneOffset.UTC));
    String toUtc = FULL.format(to.atZone(ZoneOffset.UTC));
    assertThat(rangeLabel())
        .isEqualTo(
            fromUtc
                + " → "
                + (fromUtc.startsWith(toUtc.substring(0, 10)) ? toUtc.substring(11) : toUtc)
                + " UTC");
    browser.awaitElement("services of that range", By.cssSelector("[data-test=service-row]"));
    // Auto-refresh follows relative ranges only: this one does not move.
    assertThat(
            browser.driver.findElement(By.cssSelector("[data-test=refresh-interval]")).isEnabled())
        .isFalse();
    browser.screenshot("time-range-absolute-utc");

    // The same instants written in the browser's zone (UTC+5:30).
    openPanel();
    browser.driver.findElement(By.cssSelector("[data-test=time-zone-local]")).click();
    ZoneId local = ZoneId.of(ZONE);
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=time-from]"))
                .getDomProperty("value"))
        .isEqualTo(FULL.format(from.atZone(local)));
    new Actions(browser.driver).sendKeys(Keys.ESCAPE).perform();
    assertThat(rangeLabel())
        .contains(CLOCK.format(from.atZone(local)))
        .contains(CLOCK.format(to.atZone(local)))
        .doesNotContain("UTC");
    assertThat(js("return localStorage.getItem('tracemate.timezone')")).isEqualTo("local");

    // Carried to another page, and a deep link opens on exactly that range.
    browser.driver.findElement(By.cssSelector("[data-test=nav-topology]")).click();
    browser.await(
        "the topology with the same range",
        d ->
            d.getCurrentUrl()
                .contains("/topology?start=" + from.toEpochMilli() + "&end=" + to.toEpochMilli()));
    String link = browser.driver.getCurrentUrl();
    browser.driver.get(link);
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    assertThat(rangeLabel()).contains(CLOCK.format(from.atZone(local)));
  }

  @Test
  void draggingAcrossAChartZoomsThePageAndBackUndoesIt() {
    browser.driver.get(backend.uiBase + "/services/order-service?lookback=5m");
    By latencyChart =
        By.cssSelector("[data-test=red-charts] .panel:nth-child(3) [data-test=line-chart] svg");
    browser.await(
        "the latency chart drawn",
        d -> d.findElements(By.cssSelector("[data-test=red-charts] polyline")).size() >= 3);
    long before = System.currentTimeMillis();
    // From 60 % of the chart's width to past its right end (the plot's end: now), where the demo's
    // calls are (offsets are from its centre); the chart is looked up again if the page drew it
    // anew meanwhile.
    browser.await(
        "a drag across the latency chart",
        d -> {
          try {
            WebElement chart = d.findElement(latencyChart);
            int width = chart.getSize().getWidth();
            new Actions(d)
                .moveToElement(chart, width / 10, 0)
                .clickAndHold()
                .moveByOffset(width / 4, 0)
                .moveByOffset(width / 4, 0)
                .release()
                .perform();
            return true;
          } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return null;
          }
        });
    browser.await("the zoomed range in the URL", d -> query().containsKey("start"));
    long start = Long.parseLong(query().get("start"));
    long end = Long.parseLong(query().get("end"));
    assertThat(end - start).as("zoomed span, ms").isPositive().isLessThan(5 * 60_000);
    assertThat(start).isGreaterThan(before - 5 * 60_000);
    assertThat(end).isLessThanOrEqualTo(System.currentTimeMillis());
    assertThat(browser.driver.getCurrentUrl()).doesNotContain("lookback");
    assertThat(rangeLabel()).contains("→");
    // The page shows the zoomed range: its calls, charted over exactly that span.
    String summary =
        browser
            .awaitElement("RED of the zoomed range", By.cssSelector("[data-test=red-summary]"))
            .getText();
    assertThat(summary).doesNotStartWith("0 calls");
    browser.awaitElement("the latency chart of the zoomed range", latencyChart);
    browser.screenshot("time-range-zoomed");

    // A plain click on a chart is not a zoom.
    String zoomed = browser.driver.getCurrentUrl();
    new Actions(browser.driver)
        .moveToElement(browser.driver.findElement(latencyChart))
        .click()
        .perform();
    assertThat(browser.driver.getCurrentUrl()).isEqualTo(zoomed);

    browser.driver.navigate().back();
    browser.await("back to the last 5 minutes", d -> "5m".equals(query().get("lookback")));
    assertThat(rangeLabel()).isEqualTo("Last 5 minutes");

    // Earlier by half the range, then later again: "the last 5 minutes" once more.
    browser.driver.findElement(By.cssSelector("[data-test=time-shift-back]")).click();
    browser.await("an earlier absolute range", d -> query().containsKey("start"));
    assertThat(Long.parseLong(query().get("end")) - Long.parseLong(query().get("start")))
        .isEqualTo(5 * 60_000);
    browser.driver.findElement(By.cssSelector("[data-test=time-shift-forward]")).click();
    browser.await("the last 5 minutes again", d -> "5m".equals(query().get("lookback")));
    browser.driver.findElement(By.cssSelector("[data-test=time-zoom-out]")).click();
    browser.await("zoomed out to 10 minutes", d -> "10m".equals(query().get("lookback")));
  }

  @Test
  void autoRefreshReloadsThePageInPlaceAndTheTopologysLiveRefreshIsThatControl() {
    browser.driver.get(backend.uiBase + "/topology?refresh=5s");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=refresh-interval]"))
                .getDomProperty("value"))
        .isEqualTo("5s");
    String first =
        browser
            .awaitElement("updated", By.cssSelector("[data-test=topology-updated]"))
            .getDomAttribute("data-loaded-at");
    browser.await(
        "a refresh within a few intervals",
        d -> {
          String now =
              d.findElement(By.cssSelector("[data-test=topology-updated]"))
                  .getDomAttribute("data-loaded-at");
          return now != null && !now.equals(first);
        });
    // Without a refresh in the URL the topology keeps its live default, 15 s; other pages default
    // to off.
    browser.driver.get(backend.uiBase + "/topology");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=refresh-interval]"))
                .getDomProperty("value"))
        .isEqualTo("15s");
    browser.driver.findElement(By.cssSelector("[data-test=nav-services]")).click();
    browser.awaitElement("services listed", By.cssSelector("[data-test=service-row]"));
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=refresh-interval]"))
                .getDomProperty("value"))
        .isEqualTo("off");
    // "Refresh now" reloads in place: the rows stay while the new figures load.
    browser.driver.findElement(By.cssSelector("[data-test=refresh-now]")).click();
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=service-row]"))).isNotEmpty();
  }
}
