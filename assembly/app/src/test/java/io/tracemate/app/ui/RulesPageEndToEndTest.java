package io.tracemate.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The Rules page in a real headless browser: spans of a service of the test's own, sent by the OpenTelemetry SDK
 * with a raised error share from 20 to 10 minutes ago; a new rule group typed into the editor, whose bad rule is
 * marked at its line by the server's validation; once fixed, the preview says the rule would have fired and shades
 * when; saved through Loki's ruler API, where lokitool and Grafana find it; and listed on the page with its state.
 * Screenshots land in target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesPageEndToEndTest {
  private static final String SERVICE = "preview-shop";

  private static final String GOOD_RULE =
      """
      name: preview-errors
      kind: promql
      interval: 1m
      rules:
        - alert: ShopErrors
          expr: >
            sum by (service_name) (rate(traces_span_metrics_calls_total{service_name="preview-shop",status_code="STATUS_CODE_ERROR"}[2m]))
            / sum by (service_name) (rate(traces_span_metrics_calls_total{service_name="preview-shop"}[2m])) > 0.1
          for: 2m
          labels: {severity: page}
      """;

  /** The same group with a second rule whose expression does not parse, on line 12. */
  private static final String WITH_BAD_RULE =
      GOOD_RULE
          + """
            - alert: Broken
              expr: sum(rate(traces_span_metrics_calls_total[5m])
          """;

  @RegisterExtension static final DemoUi UI = new DemoUi();
  private DemoBackend backend;
  private Browser browser;

  @BeforeAll
  void start() throws Exception {
    browser = UI.browser();
    backend = UI.backend();
    sendSpans();
    // The span metrics have the errors once the applier observed them.
    backend.await(
        "/prometheus/api/v1/query?query="
            + URLEncoder.encode(
                "sum(traces_span_metrics_calls_total{service_name=\""
                    + SERVICE
                    + "\",status_code=\"STATUS_CODE_ERROR\"})",
                StandardCharsets.UTF_8),
        json -> json.at("/data/result/0/value/1").asDouble() >= 90);
  }

  /** A call every 3 s over the last 30 minutes; every other one fails from 20 to 10 minutes ago. */
  private void sendSpans() {
    long now = System.currentTimeMillis();
    long from = now - 30 * 60_000L;
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(Attributes.builder().put("service.name", SERVICE).build())))
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpGrpcSpanExporter.builder()
                            .setEndpoint(backend.otlpGrpcEndpoint())
                            .build())
                    .build())
            .build();
    try {
      Tracer tracer = provider.get("rules-page-test");
      for (long end = from; end < now; end += 3_000) {
        Span span =
            tracer
                .spanBuilder("POST /checkout")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(end - 25, TimeUnit.MILLISECONDS)
                .startSpan();
        long ago = now - end;
        if (ago <= 20 * 60_000L && ago > 10 * 60_000L && (end / 3_000) % 2 == 0) {
          span.setStatus(StatusCode.ERROR, "payment declined");
        }
        span.end(end, TimeUnit.MILLISECONDS);
      }
    } finally {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** Replaces the editor's text as typing would, in one input event. */
  private void type(String yaml) {
    WebElement editor =
        browser.awaitElement("the rule editor", By.cssSelector("[data-test=rule-editor]"));
    ((JavascriptExecutor) browser.driver)
        .executeScript(
            "arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}))",
            editor,
            yaml);
  }

  @Test
  void aGroupWrittenInTheEditorIsValidatedPreviewedAndSaved() throws Exception {
    browser.driver.get(backend.uiBase + "/rules");
    browser
        .awaitElement("the new group button", By.cssSelector("[data-test=rules-new-group]"))
        .click();
    browser
        .awaitElement("the namespace field", By.cssSelector("[data-test=rules-namespace-input]"))
        .sendKeys("shop");

    type(WITH_BAD_RULE);
    WebElement error =
        browser.awaitElement("the bad rule's error", By.cssSelector("[data-test=rule-problem]"));
    assertThat(error.getDomAttribute("data-line")).isEqualTo("12");
    assertThat(error.getText())
        .contains("line 12")
        .contains("rule 1, \"Broken\"")
        .contains("could not parse expression");
    assertThat(
            browser.driver.findElements(By.cssSelector("[data-test=gutter-error]")).stream()
                .map(e -> e.getDomAttribute("data-line"))
                .toList())
        .containsExactly("12");
    browser.screenshot("rules-editor-error");

    type(GOOD_RULE);
    browser.await(
        "the error gone",
        d -> d.findElements(By.cssSelector("[data-test=rule-problem]")).isEmpty());
    WebElement summary =
        browser.awaitContaining(
            "the preview saying the rule would have fired",
            By.cssSelector("[data-test=preview-summary]"),
            "would have fired once");
    assertThat(summary.getText()).contains("ShopErrors");
    browser.awaitElement("the firing stretch shaded", By.cssSelector("[data-test=shade-firing]"));
    assertThat(browser.driver.findElements(By.cssSelector("[data-test=threshold]"))).hasSize(1);
    List<WebElement> firing =
        browser.driver.findElements(
            By.cssSelector("[data-test=preview-interval][data-state=firing]"));
    assertThat(firing).hasSize(1);
    assertThat(firing.getFirst().getText()).contains("service_name=" + SERVICE);
    browser.screenshot("rules-preview");

    browser.awaitElement("the save button", By.cssSelector("[data-test=rules-save]")).click();
    browser.awaitContaining("saved", By.cssSelector("[data-test=rules-saved]"), "Saved in shop");
    HttpResponse<String> stored = backend.get(backend.apiBase() + "/loki/api/v1/rules");
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body())
        .contains("shop:")
        .contains("name: preview-errors")
        .contains("ShopErrors");
    assertThat(stored.body()).doesNotContain("Broken");

    WebElement row =
        browser.awaitElement(
            "the saved rule in the list",
            By.cssSelector(
                "[data-test=rule-namespace][data-namespace=shop] [data-test=rule-row][data-rule=ShopErrors]"));
    assertThat(row.getText()).contains("ShopErrors");
    browser.screenshot("rules-saved");
  }
}
