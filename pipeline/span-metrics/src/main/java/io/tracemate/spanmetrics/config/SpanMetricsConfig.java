package io.tracemate.spanmetrics.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracemate.common.units.HumanDuration;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.red.RedSeriesConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Span metrics, configured like the collector's {@code spanmetrics} connector so a collector block pastes as is:
 *
 * <pre>
 * spanmetrics:
 *   histogram: {unit: ms, explicit: {buckets: [2ms, 4ms, 6ms, 8ms, 10ms, 50ms, 100ms, 200ms, 400ms, 800ms, 1s,
 *                                              1400ms, 2s, 5s, 10s, 15s]}}
 *   dimensions: [{name: http.route}, {name: k8s.namespace.name, default: unknown}]
 *   exclude_dimensions: []              # of service.name, span.name, span.kind, status.code
 *   aggregation_temporality: AGGREGATION_TEMPORALITY_CUMULATIVE   # delta is refused: Prometheus scrapes totals
 *   namespace: traces.span.metrics      # → traces_span_metrics_calls_total, ..._duration_milliseconds_bucket
 *   exemplars: {enabled: true}
 *   metrics_expiration: 0               # e.g. 5m: drop series without spans for that long (0: never)
 *   aggregation_cardinality_limit: 10000  # beyond it: one series labelled otel_metric_overflow="true"
 *   dimension_value_limit: 1000         # ours: distinct values per extra dimension, later ones become __other__
 *   red_series: {resolution: 15s, recent_retention: 1h, rollup_resolution: 5m, retention: 24h, max_series: 4000}
 *   instances: {attributes: [k8s.pod.name, service.instance.id, host.name], max_per_service: 50}   # ours
 * </pre>
 *
 * <p>Defaults are filled in and everything is validated by the constructor; errors name the YAML path under
 * {@value #PATH}. Differences from the collector: exemplars default to enabled (the point of span metrics here
 * is to jump from a latency bucket to a trace); {@code aggregation_cardinality_limit} defaults to 10000 instead of
 * unlimited, since memory must stay bounded; {@code dimension_value_limit}, {@code red_series} and {@code instances}
 * (each service's RED per pod or process, internal series only: see {@link InstancesConfig}) are ours; {@code dimensions_cache_size} and {@code metrics_flush_interval} are
 * accepted for compatibility and have no effect (series are built once and scraped, not flushed).
 */
public record SpanMetricsConfig(
    @JsonProperty("histogram") HistogramConfig histogram,
    @JsonProperty("dimensions") List<DimensionConfig> dimensions,
    @JsonProperty("exclude_dimensions") List<String> excludeDimensions,
    @JsonProperty("dimensions_cache_size") Integer dimensionsCacheSize,
    @JsonProperty("aggregation_temporality") String aggregationTemporality,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("exemplars") Exemplars exemplars,
    @JsonProperty("aggregation_cardinality_limit") Integer aggregationCardinalityLimit,
    @JsonProperty("metrics_flush_interval") String metricsFlushInterval,
    @JsonProperty("metrics_expiration") String metricsExpiration,
    @JsonProperty("dimension_value_limit") Integer dimensionValueLimit,
    @JsonProperty("red_series") RedStoreConfig redSeries,
    @JsonProperty("instances") InstancesConfig instances) {

  /** The YAML path errors are reported under. */
  public static final String PATH = "spanmetrics";

  public static final String CUMULATIVE = "AGGREGATION_TEMPORALITY_CUMULATIVE";
  public static final String DELTA = "AGGREGATION_TEMPORALITY_DELTA";
  public static final String DEFAULT_NAMESPACE = "traces.span.metrics";
  public static final int DEFAULT_CARDINALITY_LIMIT = 10_000;
  public static final int DEFAULT_DIMENSION_VALUE_LIMIT = 1_000;

  /** The collector's default bounds. */
  public static final List<String> DEFAULT_BUCKETS =
      List.of(
          "2ms", "4ms", "6ms", "8ms", "10ms", "50ms", "100ms", "200ms", "400ms", "800ms", "1s",
          "1400ms", "2s", "5s", "10s", "15s");

  /** The connector's built-in dimensions, which {@code exclude_dimensions} may name. */
  public static final List<String> BUILT_IN_DIMENSIONS =
      List.of("service.name", "span.name", "span.kind", "status.code");

  /** {@code exemplars: {enabled: true}}. */
  public record Exemplars(@JsonProperty("enabled") Boolean enabled) {}

  public SpanMetricsConfig {
    histogram = normalizeHistogram(histogram);
    dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    excludeDimensions = excludeDimensions == null ? List.of() : List.copyOf(excludeDimensions);
    dimensionsCacheSize = dimensionsCacheSize == null ? 1000 : dimensionsCacheSize;
    aggregationTemporality =
        aggregationTemporality == null ? CUMULATIVE : aggregationTemporality.trim();
    namespace = namespace == null ? DEFAULT_NAMESPACE : namespace.trim();
    exemplars = exemplars == null || exemplars.enabled() == null ? new Exemplars(true) : exemplars;
    aggregationCardinalityLimit =
        aggregationCardinalityLimit == null
            ? DEFAULT_CARDINALITY_LIMIT
            : aggregationCardinalityLimit;
    dimensionValueLimit =
        dimensionValueLimit == null ? DEFAULT_DIMENSION_VALUE_LIMIT : dimensionValueLimit;
    redSeries = redSeries == null ? new RedStoreConfig(null, null, null, null, null) : redSeries;
    instances = instances == null ? InstancesConfig.defaults() : instances;
    validateInstances(instances);
    validate(
        histogram,
        dimensions,
        excludeDimensions,
        dimensionsCacheSize,
        aggregationTemporality,
        aggregationCardinalityLimit,
        metricsFlushInterval,
        dimensionValueLimit);
    redSeriesConfig(redSeries); // validates the durations and their relations
    expiration(metricsExpiration);
  }

  /** Everything at its default. */
  public static SpanMetricsConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean exemplarsEnabled() {
    return exemplars.enabled();
  }

  public boolean histogramEnabled() {
    return !Boolean.TRUE.equals(histogram.disable());
  }

  /** True for {@code unit: s}. */
  public boolean unitSeconds() {
    return "s".equals(histogram.unit());
  }

  /** Bucket upper bounds in the histogram's unit, ascending, without +Inf. */
  public double[] bucketBounds() {
    List<String> buckets = histogram.explicit().buckets();
    double divisor = unitSeconds() ? 1e9 : 1e6;
    double[] bounds = new double[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = GoDuration.parseNanos(buckets.get(i), bucketPath(i)) / divisor;
    }
    return bounds;
  }

  /** {@code metrics_expiration}: series without spans for this long are dropped; zero (default) never. */
  public Duration metricsExpirationDuration() {
    return expiration(metricsExpiration);
  }

  private static Duration expiration(String text) {
    if (text == null || text.trim().equals("0")) {
      return Duration.ZERO;
    }
    try {
      return HumanDuration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(PATH + ".metrics_expiration: " + e.getMessage(), e);
    }
  }

  /**
   * These settings with both series bounds, {@code aggregation_cardinality_limit} (the /metrics series) and {@code
   * red_series.max_series} (the internal store), set to {@code maxSeries}: a tenant's {@code
   * metrics_generator_max_active_series} from the runtime overrides file.
   */
  public SpanMetricsConfig withMaxSeries(int maxSeries) {
    return new SpanMetricsConfig(
        histogram,
        dimensions,
        excludeDimensions,
        dimensionsCacheSize,
        aggregationTemporality,
        namespace,
        exemplars,
        maxSeries,
        metricsFlushInterval,
        metricsExpiration,
        dimensionValueLimit,
        new RedStoreConfig(
            redSeries.resolution(),
            redSeries.recentRetention(),
            redSeries.rollupResolution(),
            redSeries.retention(),
            maxSeries),
        instances);
  }

  /** The internal time series' settings. */
  public RedSeriesConfig redSeriesConfig() {
    return redSeriesConfig(redSeries);
  }

  private static HistogramConfig normalizeHistogram(HistogramConfig histogram) {
    if (histogram == null) {
      return new HistogramConfig(
          "ms", new HistogramConfig.ExplicitBuckets(DEFAULT_BUCKETS), false, null);
    }
    String unit = histogram.unit() == null ? "ms" : histogram.unit().trim();
    HistogramConfig.ExplicitBuckets explicit =
        histogram.explicit() == null || histogram.explicit().buckets() == null
            ? new HistogramConfig.ExplicitBuckets(DEFAULT_BUCKETS)
            : new HistogramConfig.ExplicitBuckets(List.copyOf(histogram.explicit().buckets()));
    return new HistogramConfig(
        unit,
        explicit,
        histogram.disable() != null && histogram.disable(),
        histogram.exponential());
  }

  private static String bucketPath(int index) {
    return PATH + ".histogram.explicit.buckets[" + index + "]";
  }

  private static void validate(
      HistogramConfig histogram,
      List<DimensionConfig> dimensions,
      List<String> excludeDimensions,
      int dimensionsCacheSize,
      String temporality,
      int cardinalityLimit,
      String flushInterval,
      int dimensionValueLimit) {
    List<String> problems = new ArrayList<>();
    if (!histogram.unit().equals("ms") && !histogram.unit().equals("s")) {
      problems.add(
          PATH + ".histogram.unit: '" + histogram.unit() + "' is not supported: use ms or s");
    }
    if (histogram.exponential() != null) {
      problems.add(
          PATH
              + ".histogram.exponential: exponential histograms are not supported: use explicit buckets");
    }
    List<String> buckets = histogram.explicit().buckets();
    if (buckets.isEmpty()) {
      problems.add(PATH + ".histogram.explicit.buckets: needs at least one bucket");
    }
    double previous = -1;
    for (int i = 0; i < buckets.size(); i++) {
      try {
        double nanos = GoDuration.parseNanos(buckets.get(i), bucketPath(i));
        if (nanos <= previous) {
          problems.add(
              bucketPath(i)
                  + ": '"
                  + buckets.get(i)
                  + "' must be larger than the bucket before it");
        }
        previous = nanos;
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    Set<String> labels = new HashSet<>();
    for (String builtIn : BUILT_IN_DIMENSIONS) {
      labels.add(PrometheusLabels.sanitize(builtIn));
    }
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < dimensions.size(); i++) {
      DimensionConfig dimension = dimensions.get(i);
      String path = PATH + ".dimensions[" + i + "].name";
      if (dimension == null || dimension.name() == null || dimension.name().isBlank()) {
        problems.add(path + ": a dimension needs a name");
        continue;
      }
      String label = PrometheusLabels.sanitize(dimension.name());
      if (BUILT_IN_DIMENSIONS.contains(dimension.name())) {
        problems.add(path + ": '" + dimension.name() + "' is a built-in dimension already");
      } else if (seen.containsKey(label)) {
        problems.add(
            path
                + ": '"
                + dimension.name()
                + "' gives the label "
                + label
                + " like '"
                + seen.get(label)
                + "' does");
      } else if (labels.contains(label)) {
        problems.add(
            path
                + ": '"
                + dimension.name()
                + "' gives the label "
                + label
                + ", which a built-in uses");
      } else if (label.equals(TenantMetrics.TENANT_LABEL)) {
        problems.add(
            path
                + ": '"
                + dimension.name()
                + "' gives the label "
                + label
                + ", which says whose a series is on /metrics and in the Prometheus API (with"
                + " multitenancy on, or in a read of several tenants): name the attribute"
                + " differently, e.g. with a prefix");
      }
      seen.put(label, dimension.name());
    }
    for (int i = 0; i < excludeDimensions.size(); i++) {
      if (!BUILT_IN_DIMENSIONS.contains(excludeDimensions.get(i))) {
        problems.add(
            PATH
                + ".exclude_dimensions["
                + i
                + "]: '"
                + excludeDimensions.get(i)
                + "' is not a built-in dimension: use one of "
                + String.join(", ", BUILT_IN_DIMENSIONS));
      }
    }
    if (dimensionsCacheSize <= 0) {
      problems.add(PATH + ".dimensions_cache_size: must be positive, got " + dimensionsCacheSize);
    }
    if (temporality.equals(DELTA)) {
      problems.add(
          PATH
              + ".aggregation_temporality: delta temporality is not supported: metrics are scraped by "
              + "Prometheus as cumulative totals; remove the key or set "
              + CUMULATIVE);
    } else if (!temporality.equals(CUMULATIVE)) {
      problems.add(
          PATH
              + ".aggregation_temporality: '"
              + temporality
              + "' is not a temporality: use "
              + CUMULATIVE);
    }
    if (cardinalityLimit <= 0) {
      problems.add(
          PATH
              + ".aggregation_cardinality_limit: must be positive (series are always bounded), got "
              + cardinalityLimit);
    }
    if (dimensionValueLimit <= 0) {
      problems.add(PATH + ".dimension_value_limit: must be positive, got " + dimensionValueLimit);
    }
    if (flushInterval != null) {
      try {
        HumanDuration.parse(flushInterval);
      } catch (RuntimeException e) {
        problems.add(PATH + ".metrics_flush_interval: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static void validateInstances(InstancesConfig instances) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < instances.attributes().size(); i++) {
      String attribute = instances.attributes().get(i);
      if (attribute == null || attribute.isBlank()) {
        problems.add(PATH + ".instances.attributes[" + i + "]: an attribute needs a name");
      }
    }
    if (instances.maxPerService() <= 0) {
      problems.add(
          PATH + ".instances.max_per_service: must be positive, got " + instances.maxPerService());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static RedSeriesConfig redSeriesConfig(RedStoreConfig red) {
    RedSeriesConfig defaults = RedSeriesConfig.defaults();
    String path = PATH + ".red_series";
    Duration resolution = duration(red.resolution(), defaults.resolution(), path + ".resolution");
    Duration recent =
        duration(red.recentRetention(), defaults.recentRetention(), path + ".recent_retention");
    Duration rollup =
        duration(red.rollupResolution(), defaults.rollupResolution(), path + ".rollup_resolution");
    Duration retention = duration(red.retention(), defaults.retention(), path + ".retention");
    int maxSeries = red.maxSeries() == null ? defaults.maxSeries() : red.maxSeries();
    try {
      return new RedSeriesConfig(resolution, recent, rollup, retention, maxSeries);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static Duration duration(String text, Duration fallback, String path) {
    if (text == null) {
      return fallback;
    }
    try {
      return HumanDuration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  /** For code and tests; YAML goes through Jackson. */
  public static final class Builder {
    private HistogramConfig histogram;
    private final List<DimensionConfig> dimensions = new ArrayList<>();
    private List<String> excludeDimensions;
    private String temporality;
    private String namespace;
    private Boolean exemplars;
    private Integer cardinalityLimit;
    private Integer dimensionValueLimit;
    private String metricsExpiration;
    private RedStoreConfig redSeries;
    private InstancesConfig instances;

    private Builder() {}

    public Builder histogram(HistogramConfig value) {
      histogram = value;
      return this;
    }

    public Builder dimension(String name) {
      dimensions.add(DimensionConfig.of(name));
      return this;
    }

    public Builder dimension(String name, String defaultValue) {
      dimensions.add(new DimensionConfig(name, defaultValue));
      return this;
    }

    public Builder excludeDimensions(String... names) {
      excludeDimensions = List.of(names);
      return this;
    }

    public Builder aggregationTemporality(String value) {
      temporality = value;
      return this;
    }

    public Builder namespace(String value) {
      namespace = value;
      return this;
    }

    public Builder exemplars(boolean enabled) {
      exemplars = enabled;
      return this;
    }

    public Builder aggregationCardinalityLimit(int limit) {
      cardinalityLimit = limit;
      return this;
    }

    public Builder redSeries(RedStoreConfig value) {
      redSeries = value;
      return this;
    }

    public Builder dimensionValueLimit(int limit) {
      dimensionValueLimit = limit;
      return this;
    }

    public Builder metricsExpiration(String value) {
      metricsExpiration = value;
      return this;
    }

    public Builder instances(InstancesConfig value) {
      instances = value;
      return this;
    }

    public SpanMetricsConfig build() {
      return new SpanMetricsConfig(
          histogram,
          dimensions,
          excludeDimensions,
          null,
          temporality,
          namespace,
          exemplars == null ? null : new Exemplars(exemplars),
          cardinalityLimit,
          null,
          metricsExpiration,
          dimensionValueLimit,
          redSeries,
          instances);
    }
  }
}
