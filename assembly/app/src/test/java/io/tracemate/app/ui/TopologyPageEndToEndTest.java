package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The topology page in a real headless browser against the demo: its services and brokers are drawn, a node's
 * health ring has the colour of the API's health state, and the first step of the seeds' troubleshooting story
 * works by clicking: order-service → its panel with RED → "slow traces" → a search that finds order-service traces.
 * The graph is a Cytoscape canvas, so the test reads node positions and rendered styles through the page's
 * {@code window.tracemateTopology} (the Cytoscape instance) and clicks the canvas where the node is drawn.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TopologyPageEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The ring colours of lib/topology.ts HEALTH_COLORS, as the browser reports them. */
  private static final Map<String, String> RING_COLOURS =
      Map.of(
          "healthy",
          "rgb(30,158,74)",
          "warning",
          "rgb(224,168,0)",
          "critical",
          "rgb(217,48,37)",
          "unknown",
          "rgb(154,163,173)");

  private static final String TOPOLOGY_API = "/api/topology?lookback=15m&brokers=true";

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private DemoBackend backend;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    backend = UI.backend();
    // Wait until the demo has produced the whole order flow, including the slow audit_log queries
    // (p99 > 1 s).
    backend.await(
        TOPOLOGY_API,
        json -> {
          List<String> ids = json.path("nodes").findValuesAsText("id");
          JsonNode order = node(json, "order-service");
          return ids.containsAll(
                  List.of("api-gateway", "order-service", "mysql/orders", "kafka/orders"))
              && order != null
              && order.path("red").path("p99").asDouble() > 1000;
        });
  }

  private static JsonNode node(JsonNode topology, String id) {
    for (JsonNode node : topology.path("nodes")) {
      if (id.equals(node.path("id").asText())) {
        return node;
      }
    }
    return null;
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser.driver).executeScript(script, args);
  }

  private String apiHealth(String id) {
    try {
      JsonNode topology = JSON.readTree(backend.get(backend.apiBase() + TOPOLOGY_API).body());
      JsonNode node = node(topology, id);
      return node == null ? null : node.path("health").path("state").asText();
    } catch (Exception e) {
      throw new AssertionError("could not read " + TOPOLOGY_API, e);
    }
  }

  @Test
  void showsTheDemoServicesWithHealthRingsAndLeadsFromOrderServiceToItsSlowTraces() {
    browser.driver.get(backend.uiBase + "/topology");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    @SuppressWarnings("unchecked")
    List<String> ids =
        browser.await(
            "nodes drawn",
            d -> {
              Object found =
                  js(
                      "const cy = window.tracemateTopology; return cy ? cy.nodes().map(n => n.id()) : null;");
              return found instanceof List<?> list && list.size() >= 4
                  ? (List<String>) found
                  : null;
            });
    assertThat(ids).contains("api-gateway", "order-service", "mysql/orders", "kafka/orders");

    // The ring is the node's border: its rendered colour must be the one of the API's current
    // health state. The page refreshes every 15 s and health may change meanwhile, so compare both
    // sides until they agree.
    browser.await(
        "order-service ring colour matching the API's health state",
        d -> {
          String state = apiHealth("order-service");
          String drawn =
              (String) js("return window.tracemateTopology.$id('order-service').data('health')");
          String colour =
              ((String)
                      js(
                          "return window.tracemateTopology.$id('order-service').style('border-color')"))
                  .replace(" ", "");
          return state != null && state.equals(drawn) && RING_COLOURS.get(state).equals(colour);
        });
    String kafkaShape =
        (String) js("return window.tracemateTopology.$id('kafka/orders').style('shape')");
    assertThat(kafkaShape).as("brokers are drawn as hexagons").contains("hexagon");

    WebElement graph = browser.driver.findElement(By.cssSelector("[data-test=topology-graph]"));
    // Hover, then click, where Cytoscape drew order-service (positions are relative to the graph's
    // centre).
    browser.await(
        "order-service panel after clicking its node",
        d -> {
          @SuppressWarnings("unchecked")
          Map<String, Number> at =
              (Map<String, Number>)
                  js("return window.tracemateTopology.$id('order-service').renderedPosition()");
          int x = (int) Math.round(at.get("x").doubleValue() - graph.getSize().getWidth() / 2.0);
          int y = (int) Math.round(at.get("y").doubleValue() - graph.getSize().getHeight() / 2.0);
          new Actions(d).moveToElement(graph, x, y).pause(300).perform();
          new Actions(d).click().perform();
          List<WebElement> panels =
              d.findElements(By.cssSelector("[data-test=node-panel][data-node='order-service']"));
          return panels.isEmpty() ? null : panels.get(0);
        });
    WebElement panel = browser.awaitElement("node panel", By.cssSelector("[data-test=node-panel]"));
    assertThat(panel.findElement(By.cssSelector("[data-test=node-panel-name]")).getText())
        .isEqualTo("order-service");
    assertThat(panel.findElement(By.cssSelector("[data-test=node-red]")).getText())
        .contains("Rate")
        .contains("Errors")
        .contains("p99");
    assertThat(panel.findElement(By.cssSelector("[data-test=node-p99]")).getText()).endsWith("s");
    browser.awaitElement("RED chart over time", By.cssSelector("[data-test=red-chart-rate] path"));
    browser.screenshot("topology");

    panel.findElement(By.cssSelector("[data-test=slow-traces]")).click();
    browser.await(
        "search for the slowest order-service traces",
        d -> d.getCurrentUrl().contains("/search?service=order-service&orderBy=duration"));
    List<WebElement> results =
        browser.awaitAll(
            "slow order-service traces found", By.cssSelector("[data-test=trace-result]"));
    assertThat(results)
        .allSatisfy(result -> assertThat(result.getText()).contains("order-service"));
    // The slowest of the range, slowest first: the first is at least as slow as every other.
    List<Double> seconds =
        results.stream()
            .map(r -> r.findElement(By.cssSelector(".duration")).getText())
            .map(TopologyPageEndToEndTest::seconds)
            .toList();
    assertThat(seconds).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(seconds.getFirst())
        .as("the slowest order-service trace of the range, s")
        .isGreaterThan(4.0);
    browser.screenshot("topology-slow-traces");
  }

  /** Edge colours of lib/components/topology/graphStyle.ts (light theme) by health state, as the browser reports them. */
  private static final Map<String, String> EDGE_COLOURS =
      Map.of(
          "healthy",
          "rgb(169,180,194)",
          "unknown",
          "rgb(169,180,194)",
          "warning",
          "rgb(224,168,0)",
          "critical",
          "rgb(217,48,37)");

  /** "source->target" → the API's health state of that edge, for pairs with one edge only. */
  private Map<String, String> apiEdgeHealth() {
    try {
      JsonNode topology = JSON.readTree(backend.get(backend.apiBase() + TOPOLOGY_API).body());
      Map<String, String> states = new java.util.HashMap<>();
      java.util.Set<String> repeated = new java.util.HashSet<>();
      for (JsonNode edge : topology.path("edges")) {
        String id = edge.path("source").asText() + "->" + edge.path("target").asText();
        if (states.put(id, edge.path("health").path("state").asText()) != null) {
          repeated.add(id);
        }
      }
      states.keySet().removeAll(repeated);
      return states;
    } catch (Exception e) {
      throw new AssertionError("could not read " + TOPOLOGY_API, e);
    }
  }

  @Test
  void edgesShowLatencyTakeTheNodeRulesColourAndOnlyTheSlowPathIsSlow() {
    openTopology("");
    // At the demo's 1 % the audit_log query's 4.5 s calls hide below the edge's p99; its slow share
    // and slowest call show them.
    String label =
        browser.await(
            "the order-service → mysql/orders edge labelled with its slow calls",
            d -> {
              String drawn =
                  (String)
                      js(
                          "const e = window.tracemateTopology.$id('order-service->mysql/orders');"
                              + " return e.nonempty() ? e.data('label') : null;");
              return drawn != null && drawn.contains("slow (max") ? drawn : null;
            });
    java.util.regex.Matcher edge =
        java.util.regex.Pattern.compile(
                ".*· p99 ([0-9.]+(?:µs|ms|s)) · ([<0-9.]+)% slow \\(max ([0-9.]+(?:ms|s))\\).*")
            .matcher(label);
    assertThat(edge.matches()).as("edge label '%s'", label).isTrue();
    // (The tests send 30 % slow queries, so here the p99 is that query too.)
    assertThat(seconds(edge.group(3)))
        .as("the slowest call on the edge, s (the 4.5 s audit_log query)")
        .isGreaterThan(4.0)
        .isGreaterThanOrEqualTo(seconds(edge.group(1)));

    // Every edge is coloured by its health as the API judged it with the node rules (errors against
    // 1 % / 5 %, latency against the callee's SLO or the edge's normal), not red for any error.
    browser.await(
        "edge colours matching the API's edge health",
        d -> {
          Map<String, String> api = apiEdgeHealth();
          @SuppressWarnings("unchecked")
          Map<String, String> drawn =
              (Map<String, String>)
                  js(
                      "const out = {}; window.tracemateTopology.edges().forEach(e =>"
                          + " out[e.id()] = e.data('health') + ' ' + e.style('line-color').replace(/ /g, ''));"
                          + " return out;");
          long compared = 0;
          for (Map.Entry<String, String> entry : api.entrySet()) {
            String shown = drawn.get(entry.getKey());
            if (shown == null) {
              continue;
            }
            if (!shown.equals(entry.getValue() + " " + EDGE_COLOURS.get(entry.getValue()))) {
              return false;
            }
            compared++;
          }
          return compared >= 4;
        });

    // Health tells latency from errors, each service against its own SLO: only the checkout path
    // that waits for the slow query is called slow, and order-service is among them.
    @SuppressWarnings("unchecked")
    List<String> slow =
        (List<String>)
            js(
                "return window.tracemateTopology.nodes().filter(n => (n.data('label') || '')"
                    + ".includes('slow:')).map(n => n.id());");
    assertThat(slow).contains("order-service").isSubsetOf("order-service", "api-gateway");
    assertThat((String) js("return window.tracemateTopology.$id('order-service').data('label')"))
        .contains("slow: p99")
        .contains("> SLO 2s");
    browser.screenshot("topology-edge-latency");
  }

  @Test
  void namespaceFilterAndLayoutAreKeptInTheUrl() {
    browser.driver.get(
        backend.uiBase + "/topology?namespace=payments&layout=force&labels=important");
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    @SuppressWarnings("unchecked")
    List<String> ids =
        browser.await(
            "payments nodes drawn",
            d -> {
              Object found =
                  js(
                      "const cy = window.tracemateTopology; return cy ? cy.nodes().map(n => n.id()) : null;");
              return found instanceof List<?> list && !list.isEmpty() ? (List<String>) found : null;
            });
    assertThat(ids).contains("payment-service").doesNotContain("order-service", "api-gateway");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=topology-namespace]"))
                .getDomProperty("value"))
        .isEqualTo("payments");
    assertThat(
            browser
                .driver
                .findElement(By.cssSelector("[data-test=topology-layout]"))
                .getDomProperty("value"))
        .isEqualTo("force");
  }

  /** Clicks (or right-clicks) the canvas where Cytoscape drew a point given in rendered coordinates. */
  private void clickAt(String positionScript, boolean context) {
    WebElement graph = browser.driver.findElement(By.cssSelector("[data-test=topology-graph]"));
    @SuppressWarnings("unchecked")
    Map<String, Number> at = (Map<String, Number>) js(positionScript);
    int x = (int) Math.round(at.get("x").doubleValue() - graph.getSize().getWidth() / 2.0);
    int y = (int) Math.round(at.get("y").doubleValue() - graph.getSize().getHeight() / 2.0);
    new Actions(browser.driver).moveToElement(graph, x, y).pause(200).perform();
    if (context) {
      new Actions(browser.driver).contextClick().perform();
    } else {
      new Actions(browser.driver).click().perform();
    }
  }

  private long drawnNodes() {
    return ((Number) js("return window.tracemateTopology.nodes().length")).longValue();
  }

  private void openTopology(String query) {
    browser.driver.get(backend.uiBase + "/topology" + query);
    browser.awaitElement(
        "topology graph", By.cssSelector("[data-test=topology-graph][data-ready=true]"));
    browser.await(
        "order-service drawn",
        d ->
            Boolean.TRUE.equals(
                js(
                    "const cy = window.tracemateTopology; return !!cy && cy.$id('order-service').length > 0")));
    // Installed after the page loaded: any uncaught error from here on (e.g. in an animation frame)
    // is recorded.
    js(
        "window.tracemateErrors = []; window.addEventListener('error', e => window.tracemateErrors.push(String(e.message)));");
  }

  @Test
  void clickingAnEdgeShowsItsRedOverTimeForBothSides() {
    openTopology("");
    WebElement panel =
        browser.await(
            "edge panel after clicking api-gateway → order-service",
            d -> {
              clickAt(
                  "return window.tracemateTopology.$id('api-gateway->order-service').renderedMidpoint()",
                  false);
              List<WebElement> panels =
                  d.findElements(
                      By.cssSelector(
                          "[data-test=edge-panel][data-edge='api-gateway->order-service']"));
              return panels.isEmpty() ? null : panels.get(0);
            });
    assertThat(panel.getText()).contains("api-gateway → order-service");
    browser.await(
        "requests chart drawn",
        d ->
            d.findElements(By.cssSelector("[data-test=edge-panel] [data-test=red-chart-rate] path"))
                    .isEmpty()
                ? null
                : true);
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=edge-panel] [data-test=red-chart-errorRatio]")))
        .hasSize(1);
    assertThat(
            browser.driver.findElements(
                By.cssSelector("[data-test=edge-panel] [data-test=red-chart-p99] path")))
        .as("p99 as the client and as the server measured it")
        .hasSize(2);
    // Hovering a chart tells the time and the value there, in the unit the chart's axis uses.
    WebElement requests =
        browser.driver.findElement(
            By.cssSelector("[data-test=edge-panel] [data-test=red-chart-rate] svg"));
    new Actions(browser.driver)
        .moveToElement(requests, requests.getSize().getWidth() / 2 - 4, 0)
        .perform();
    String tip =
        browser
            .awaitElement(
                "the requests chart's tooltip",
                By.cssSelector(
                    "[data-test=edge-panel] [data-test=red-chart-rate] [data-test=chart-tooltip]"))
            .getText();
    assertThat(tip).matches("\\d\\d:\\d\\d:\\d\\d (no calls|[0-9.]+/(s|min))");
    assertThat(
            browser.driver.findElements(
                By.cssSelector(
                    "[data-test=edge-panel] [data-test=red-chart-rate] [data-test=crosshair]")))
        .hasSize(1);
    browser.screenshot("topology-edge");
    assertThat(js("return window.tracemateErrors")).asList().isEmpty();
  }

  @Test
  void collapsingANodeDrawsItsExclusiveDownstreamAsOneNodeUntilClickedAgain() {
    openTopology("");
    long before = drawnNodes();
    String label =
        browser.await(
            "order-service collapsed after a right-click",
            d -> {
              clickAt(
                  "return window.tracemateTopology.$id('order-service').renderedPosition()", true);
              String drawn =
                  (String) js("return window.tracemateTopology.$id('order-service').data('label')");
              return drawn != null && drawn.startsWith("order-service +") ? drawn : null;
            });
    int hidden =
        Integer.parseInt(label.substring("order-service +".length()).split("\\n")[0].trim());
    assertThat(hidden).isPositive();
    assertThat(label).contains("calls").contains("err");
    assertThat(drawnNodes()).isEqualTo(before - hidden);
    assertThat(browser.driver.findElement(By.cssSelector("[data-test=collapsed-note]")).getText())
        .contains("1 collapsed");

    browser.await(
        "order-service expanded after a click",
        d -> {
          clickAt("return window.tracemateTopology.$id('order-service').renderedPosition()", false);
          String drawn =
              (String) js("return window.tracemateTopology.$id('order-service').data('label')");
          return drawn != null
              && drawn.startsWith("order-service")
              && !drawn.startsWith("order-service +");
        });
    assertThat(drawnNodes()).isEqualTo(before);
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=collapsed-note]"))).isEmpty();
    assertThat(js("return window.tracemateErrors")).asList().isEmpty();
  }

  @Test
  void trafficToggleAnimatesDotsWithoutErrors() {
    openTopology("");
    browser.driver.findElement(By.cssSelector("[data-test=topology-animate]")).click();
    browser.await(
        "traffic dots drawn",
        d -> {
          Object dots =
              js(
                  "return Number(document.querySelector('[data-test=topology-traffic]').dataset.dots || 0)");
          return dots instanceof Number n && n.intValue() > 0;
        });
    assertThat(browser.driver.getCurrentUrl()).contains("animate=true");
    browser.screenshot("topology-traffic");
    browser.driver.findElement(By.cssSelector("[data-test=topology-animate]")).click();
    browser.await(
        "traffic stopped",
        d ->
            "0"
                .equals(
                    js(
                        "return document.querySelector('[data-test=topology-traffic]').dataset.dots")));
    assertThat(js("return window.tracemateErrors")).asList().isEmpty();
  }

  /** "4.52s", "850ms", "1m 3s" as the UI writes durations, in seconds. */
  private static double seconds(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9.]+)(µs|ms|s|m)").matcher(text.trim());
    if (!m.lookingAt()) {
      throw new AssertionError("not a duration: " + text);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "µs" -> value / 1e6;
      case "ms" -> value / 1e3;
      case "m" -> value * 60;
      default -> value;
    };
  }
}
