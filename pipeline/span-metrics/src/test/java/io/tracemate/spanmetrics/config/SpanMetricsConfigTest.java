package io.tracemate.spanmetrics.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanMetricsConfigTest {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static SpanMetricsConfig parse(String yaml) throws Exception {
    return YAML.readValue(yaml, SpanMetricsConfig.class);
  }

  @Test
  void aCollectorBlockPastesAsIs() throws Exception {
    SpanMetricsConfig config =
        parse(
            """
        histogram:
          unit: ms
          explicit:
            buckets: [100us, 1ms, 2ms, 6ms, 10ms, 100ms, 250ms]
        dimensions:
          - name: http.method
            default: GET
          - name: http.status_code
        exemplars:
          enabled: true
        exclude_dimensions: ['status.code']
        dimensions_cache_size: 1000
        aggregation_temporality: "AGGREGATION_TEMPORALITY_CUMULATIVE"
        metrics_flush_interval: 15s
        metrics_expiration: 5m
        namespace: span.metrics
        aggregation_cardinality_limit: 500
        """);
    assertThat(config.bucketBounds()).containsExactly(0.1, 1, 2, 6, 10, 100, 250);
    assertThat(config.dimensions())
        .containsExactly(
            new DimensionConfig("http.method", "GET"),
            new DimensionConfig("http.status_code", null));
    assertThat(config.excludeDimensions()).containsExactly("status.code");
    assertThat(config.namespace()).isEqualTo("span.metrics");
    assertThat(config.aggregationCardinalityLimit()).isEqualTo(500);
    assertThat(config.exemplarsEnabled()).isTrue();
    assertThat(config.metricsExpirationDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theInstanceBreakdownNamesItsInstancesByPodFirstAndIsBounded() throws Exception {
    InstancesConfig defaults = SpanMetricsConfig.defaults().instances();
    assertThat(defaults.attributes())
        .containsExactly("k8s.pod.name", "service.instance.id", "host.name");
    assertThat(defaults.maxPerService()).isEqualTo(50);
    assertThat(defaults.enabled()).isTrue();
    InstancesConfig custom =
        parse("instances: {attributes: [service.instance.id], max_per_service: 5}").instances();
    assertThat(custom.attributes()).containsExactly("service.instance.id");
    assertThat(custom.maxPerService()).isEqualTo(5);
    assertThat(parse("instances: {attributes: []}").instances().enabled()).isFalse();
    assertThatThrownBy(() -> parse("instances: {attributes: [' '], max_per_service: 0}"))
        .hasRootCauseMessage(
            "spanmetrics.instances.attributes[0]: an attribute needs a name; "
                + "spanmetrics.instances.max_per_service: must be positive, got 0");
  }

  @Test
  void defaults() throws Exception {
    SpanMetricsConfig config = parse("{}");
    assertThat(config).isEqualTo(SpanMetricsConfig.defaults());
    assertThat(config.bucketBounds())
        .containsExactly(
            2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000);
    assertThat(config.unitSeconds()).isFalse();
    assertThat(config.histogramEnabled()).isTrue();
    assertThat(config.namespace()).isEqualTo("traces.span.metrics");
    assertThat(config.aggregationTemporality()).isEqualTo("AGGREGATION_TEMPORALITY_CUMULATIVE");
    assertThat(config.exemplarsEnabled()).isTrue();
    assertThat(config.aggregationCardinalityLimit()).isEqualTo(10_000);
    assertThat(config.dimensionValueLimit()).isEqualTo(1_000);
    assertThat(config.metricsExpirationDuration()).isZero();
    assertThat(config.redSeriesConfig().resolution()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.redSeriesConfig().retention()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void secondsUnitConvertsTheBounds() throws Exception {
    SpanMetricsConfig config = parse("histogram: {unit: s, explicit: {buckets: [250ms, 1s, 1m]}}");
    assertThat(config.bucketBounds()).containsExactly(0.25, 1, 60);
    assertThat(parse("histogram: {unit: s}").bucketBounds()).startsWith(0.002, 0.004);
  }

  @Test
  void redSeriesBlock() throws Exception {
    SpanMetricsConfig config =
        parse(
            "red_series: {resolution: 10s, recent_retention: 30m, rollup_resolution: 1m,"
                + " retention: 6h, max_series: 50}");
    assertThat(config.redSeriesConfig().resolution()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.redSeriesConfig().maxSeries()).isEqualTo(50);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA | spanmetrics.aggregation_temporality: delta temporality is not supported",
        "aggregation_temporality: sometimes | spanmetrics.aggregation_temporality: 'sometimes' is not a temporality",
        "histogram: {exponential: {max_size: 160}} | spanmetrics.histogram.exponential: exponential histograms are not supported",
        "histogram: {unit: us} | spanmetrics.histogram.unit: 'us' is not supported: use ms or s",
        "histogram: {explicit: {buckets: [2ms, 5]}} | spanmetrics.histogram.explicit.buckets[1]: '5' is not a duration: use forms like 100us, 2ms, 1.5s (a unit is required)",
        "histogram: {explicit: {buckets: [4ms, 2ms]}} | spanmetrics.histogram.explicit.buckets[1]: '2ms' must be larger than the bucket before it",
        "histogram: {explicit: {buckets: []}} | spanmetrics.histogram.explicit.buckets: needs at least one bucket",
        "dimensions: [{name: service.name}] | spanmetrics.dimensions[0].name: 'service.name' is a built-in dimension already",
        "dimensions: [{name: http.route}, {name: http_route}] | spanmetrics.dimensions[1].name: 'http_route' gives the label http_route like 'http.route' does",
        "dimensions: [{default: x}] | spanmetrics.dimensions[0].name: a dimension needs a name",
        "dimensions: [{name: tenant}] | spanmetrics.dimensions[0].name: 'tenant' gives the label tenant, which says whose a series is",
        "exclude_dimensions: [http.route] | spanmetrics.exclude_dimensions[0]: 'http.route' is not a built-in dimension",
        "aggregation_cardinality_limit: 0 | spanmetrics.aggregation_cardinality_limit: must be positive",
        "dimensions_cache_size: -1 | spanmetrics.dimensions_cache_size: must be positive, got -1",
        "dimension_value_limit: 0 | spanmetrics.dimension_value_limit: must be positive, got 0",
        "metrics_expiration: later | spanmetrics.metrics_expiration: 'later' is not a duration",
        "red_series: {resolution: 7s} | spanmetrics.red_series: recent_retention (PT1H) must be a multiple of resolution (PT7S)",
        "red_series: {retention: soon} | spanmetrics.red_series.retention: 'soon' is not a duration"
      })
  void problemsNameTheirPath(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ValueInstantiationException.class)
        .cause()
        .hasMessageContaining(message);
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    assertThatThrownBy(
            () ->
                SpanMetricsConfig.builder()
                    .aggregationTemporality("AGGREGATION_TEMPORALITY_DELTA")
                    .aggregationCardinalityLimit(-1)
                    .build())
        .hasMessageContaining("aggregation_temporality")
        .hasMessageContaining("aggregation_cardinality_limit");
  }

  @Test
  void labelSanitisation() {
    assertThat(
            List.of("http.route", "k8s.namespace.name", "5xx", "a-b/c", "already_ok").stream()
                .map(PrometheusLabels::sanitize)
                .toList())
        .containsExactly("http_route", "k8s_namespace_name", "key_5xx", "a_b_c", "already_ok");
    assertThat(PrometheusLabels.namespacePrefix("traces.span.metrics"))
        .isEqualTo("traces_span_metrics_");
    assertThat(PrometheusLabels.namespacePrefix("")).isEmpty();
  }
}
