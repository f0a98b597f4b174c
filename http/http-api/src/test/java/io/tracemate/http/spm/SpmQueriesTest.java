package io.tracemate.http.spm;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.QueryParams;
import io.tracemate.promql.syntax.PromQL;
import org.junit.jupiter.api.Test;

/** The PromQL of each endpoint: Jaeger's text for the Jaeger UI's parameters, and what it must not mistake. */
class SpmQueriesTest {
  private static final SpanMetricNames NAMES =
      new SpanMetricNames(
          "traces_span_metrics_calls_total",
          "traces_span_metrics_duration_milliseconds",
          1,
          15_000);

  /** What the Monitor tab sends (ServicesView/index.tsx), one operation table's call. */
  private static SpmParams ui(boolean groupByOperation) {
    return SpmParams.parse(
        QueryParams.fromQueryString(
            "service=frontend&endTs=1764000000000&groupByOperation="
                + groupByOperation
                + "&lookback=3600000&quantile=0.95&ratePer=600000&spanKind=server&step=60000"),
        0);
  }

  @Test
  void jaegersQueriesForTheMonitorTab() {
    assertThat(SpmQueries.callRate(NAMES, ui(false)))
        .isEqualTo(
            "sum(rate(traces_span_metrics_calls_total{service_name =~ \"frontend\", span_kind =~"
                + " \"SPAN_KIND_SERVER\"}[10m])) by (service_name)");
    assertThat(SpmQueries.errorRate(NAMES, ui(true)))
        .isEqualTo(
            "sum(rate(traces_span_metrics_calls_total{service_name =~ \"frontend\", status_code ="
                + " \"STATUS_CODE_ERROR\", span_kind =~ \"SPAN_KIND_SERVER\"}[10m])) by"
                + " (service_name,span_name) / sum(rate(traces_span_metrics_calls_total{service_name"
                + " =~ \"frontend\", span_kind =~ \"SPAN_KIND_SERVER\"}[10m])) by"
                + " (service_name,span_name)");
    assertThat(SpmQueries.latencies(NAMES, ui(false), 0.95))
        .isEqualTo(
            "histogram_quantile(0.95,"
                + " sum(rate(traces_span_metrics_duration_milliseconds_bucket{service_name =~"
                + " \"frontend\", span_kind =~ \"SPAN_KIND_SERVER\"}[10m])) by (service_name,le))");
  }

  @Test
  void hostileServiceNamesStayLiteralAndTheQueryParses() {
    SpmParams params =
        SpmParams.parse(
            QueryParams.of(
                "service", "a.b|c\"} or vector(1) #\\", "service", "(x)", "ratePer", "90500"),
            1_764_000_000_000L);
    String query = SpmQueries.errorRate(NAMES, params);
    assertThat(query).contains("[1m30s500ms]");
    // One selector each side of the division, whatever the names hold.
    PromQL.parse(query);
    String regex = SpmQueries.literalAlternatives(params.services());
    com.google.re2j.Pattern pattern = com.google.re2j.Pattern.compile(regex);
    assertThat(pattern.matches("a.b|c\"} or vector(1) #\\")).isTrue();
    assertThat(pattern.matches("(x)")).isTrue();
    assertThat(pattern.matches("axb|c\"} or vector(1) #\\")).isFalse();
    assertThat(pattern.matches("x")).isFalse();
  }

  @Test
  void aHistogramInSecondsIsAnsweredInMilliseconds() {
    SpanMetricNames seconds = new SpanMetricNames("calls_total", "duration_seconds", 1000, 15_000);
    assertThat(SpmQueries.latencies(seconds, ui(false), 0.999))
        .startsWith("histogram_quantile(0.999, ")
        .endsWith(" * 1000");
    PromQL.parse(SpmQueries.latencies(seconds, ui(false), 0.999));
  }
}
