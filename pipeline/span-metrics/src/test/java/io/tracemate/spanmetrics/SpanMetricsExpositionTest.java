package io.tracemate.spanmetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.model.SpanKind;
import io.tracemate.spanmetrics.config.HistogramConfig;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact text of both exposition formats for one small series, written by hand. */
class SpanMetricsExpositionTest {
  private static final String LABELS =
      "service_name=\"orders\",span_kind=\"SPAN_KIND_SERVER\",span_name=\"GET /orders\",status_code=\"STATUS_CODE_UNSET\"";
  private final PrometheusRegistry registry = new PrometheusRegistry();

  @BeforeEach
  void twoSpans() {
    SpanMetricsConfig config =
        SpanMetricsConfig.builder().histogram(HistogramConfig.explicit("ms", "2ms", "4ms")).build();
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(
            config, Clock.fixed(Instant.parse("2026-01-01T12:00:30Z"), ZoneOffset.UTC));
    // 1 ms ending 12:00:00 (epoch 1767268800 s) and 3 ms ending 12:00:01.5.
    aggregator.observe(
        List.of(
            Spans.span("orders", "GET /orders", SpanKind.SERVER)
                .ids(1, 0xa)
                .millis(1)
                .endingAt("2026-01-01T12:00:00Z")
                .build(),
            Spans.span("orders", "GET /orders", SpanKind.SERVER)
                .ids(2, 0xb)
                .millis(3)
                .endingAt("2026-01-01T12:00:01.500Z")
                .build()));
    SpanMetricsCollector.register(aggregator, registry);
  }

  private String scrape(String accept) throws IOException {
    ExpositionFormatWriter writer = ExpositionFormats.init().findWriter(accept);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, registry.scrape(name -> name.startsWith("traces_")));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void prometheusText() throws IOException {
    assertThat(scrape("text/plain"))
        .isEqualTo(
            """
        # HELP traces_span_metrics_calls_total Spans by service, span name, span kind and status code
        # TYPE traces_span_metrics_calls_total counter
        traces_span_metrics_calls_total{%1$s} 2.0
        # HELP traces_span_metrics_duration_milliseconds Span durations by service, span name, span kind and status code
        # TYPE traces_span_metrics_duration_milliseconds histogram
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="2.0"} 1
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="4.0"} 2
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="+Inf"} 2
        traces_span_metrics_duration_milliseconds_count{%1$s} 2
        traces_span_metrics_duration_milliseconds_sum{%1$s} 4.0
        """
                .formatted(LABELS));
  }

  @Test
  void openMetricsWithExemplars() throws IOException {
    String first = "{span_id=\"000000000000000a\",trace_id=\"4bf92f3577b34da60000000000000001\"}";
    String second = "{span_id=\"000000000000000b\",trace_id=\"4bf92f3577b34da60000000000000002\"}";
    assertThat(scrape("application/openmetrics-text; version=1.0.0"))
        .isEqualTo(
            """
        # TYPE traces_span_metrics_calls counter
        # HELP traces_span_metrics_calls Spans by service, span name, span kind and status code
        traces_span_metrics_calls_total{%1$s} 2.0 # %3$s 1.0 1767268801.500
        # TYPE traces_span_metrics_duration_milliseconds histogram
        # UNIT traces_span_metrics_duration_milliseconds milliseconds
        # HELP traces_span_metrics_duration_milliseconds Span durations by service, span name, span kind and status code
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="2.0"} 1 # %2$s 1.0 1767268800.000
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="4.0"} 2 # %3$s 3.0 1767268801.500
        traces_span_metrics_duration_milliseconds_bucket{%1$s,le="+Inf"} 2
        traces_span_metrics_duration_milliseconds_count{%1$s} 2
        traces_span_metrics_duration_milliseconds_sum{%1$s} 4.0
        # EOF
        """
                .formatted(LABELS, first, second));
  }

  @Test
  void cardinalityIsReported() throws IOException {
    ExpositionFormatWriter writer = ExpositionFormats.init().findWriter("text/plain");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(
        out,
        registry.scrape(
            name ->
                name.startsWith("tracemate_spanmetrics_s")
                    || name.startsWith("tracemate_spanmetrics_o")));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            """
        # HELP tracemate_spanmetrics_overflow_total Spans counted in the otel_metric_overflow series because \
        aggregation_cardinality_limit was reached
        # TYPE tracemate_spanmetrics_overflow_total counter
        tracemate_spanmetrics_overflow_total 0.0
        # HELP tracemate_spanmetrics_series Span metric series, the overflow series included
        # TYPE tracemate_spanmetrics_series gauge
        tracemate_spanmetrics_series 1.0
        """);
  }
}
