package io.tracemate.spanmetrics;

import io.tracemate.red.RedSeriesStore;
import io.tracemate.red.SeriesKey;
import io.tracemate.spanmetrics.config.PrometheusLabels;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the internal RED series of span metrics read as the series {@link SpanMetricsCollector} exposes on /metrics:
 * the metric names, the histogram's unit and buckets, and the Prometheus labels of each internal series key, for a
 * query API that answers PromQL over the internal store as a Prometheus scraping /metrics would.
 *
 * <p>What the internal series cannot tell apart, and so this cannot either: the status is not part of a key (each
 * internal series counts its errors), so only error and non-error calls can be told apart, and only for the calls
 * counter ({@link #STATUS_ERROR}, and {@link #STATUS_UNSET} for OK and UNSET alike); the latency histogram covers
 * all calls of a key, whatever their status. Instance series (keyed without a span name) are internal only and
 * have no labels here. Immutable and thread-safe.
 */
public final class SpanMetricsExposition {
  /** The status label of the calls counter. */
  public static final String STATUS_LABEL = "status_code";

  /** Calls with status ERROR. */
  public static final String STATUS_ERROR =
      LabelSchema.statusLabel(io.tracemate.model.StatusCode.ERROR);

  /** Calls with any other status: OK and UNSET are one series here (the internal series count only errors). */
  public static final String STATUS_UNSET =
      LabelSchema.statusLabel(io.tracemate.model.StatusCode.UNSET);

  private final RedSeriesStore store;
  private final String callsName;
  private final String durationName;
  private final boolean histogram;
  private final double[] bounds;
  private final double nanosPerUnit;
  private final boolean statusLabel;
  private final boolean serviceLabel;
  private final boolean spanNameLabel;
  private final boolean kindLabel;
  private final Map<String, String> dimensionLabels;
  private final long expirationMillis;

  private SpanMetricsExposition(SpanMetricsAggregator aggregator) {
    SpanMetricsConfig config = aggregator.config();
    this.store = aggregator.redSeries();
    String prefix = PrometheusLabels.namespacePrefix(config.namespace());
    this.callsName = prefix + "calls_total";
    this.durationName = prefix + "duration_" + (config.unitSeconds() ? "seconds" : "milliseconds");
    this.histogram = config.histogramEnabled();
    this.bounds = aggregator.bounds();
    this.nanosPerUnit = config.unitSeconds() ? 1e9 : 1e6;
    List<String> excluded = config.excludeDimensions();
    this.statusLabel = !excluded.contains("status.code");
    this.serviceLabel = !excluded.contains("service.name");
    this.spanNameLabel = !excluded.contains("span.name");
    this.kindLabel = !excluded.contains("span.kind");
    Map<String, String> dimensions = new TreeMap<>();
    config.dimensions().forEach(d -> dimensions.put(d.name(), PrometheusLabels.sanitize(d.name())));
    this.dimensionLabels = Map.copyOf(dimensions);
    this.expirationMillis = config.metricsExpirationDuration().toMillis();
  }

  public static SpanMetricsExposition of(SpanMetricsAggregator aggregator) {
    return new SpanMetricsExposition(aggregator);
  }

  /** The internal series. */
  public RedSeriesStore store() {
    return store;
  }

  /** {@code traces_span_metrics_calls_total} with the default namespace. */
  public String callsName() {
    return callsName;
  }

  /**
   * {@code traces_span_metrics_duration_milliseconds} (or {@code _seconds}) with the default namespace; the series
   * are this name with {@code _bucket}, {@code _sum} and {@code _count}.
   */
  public String durationName() {
    return durationName;
  }

  /** Whether the duration histogram is exposed ({@code histogram.disable} is false). */
  public boolean histogramEnabled() {
    return histogram;
  }

  /** The histogram's bucket upper bounds in its unit, ascending, without +Inf. */
  public double[] bounds() {
    return bounds.clone();
  }

  /** Nanoseconds per unit of the histogram (1e6 for milliseconds, 1e9 for seconds). */
  public double nanosPerUnit() {
    return nanosPerUnit;
  }

  /** Whether the calls carry {@link #STATUS_LABEL} ({@code status.code} is not an excluded dimension). */
  public boolean statusLabel() {
    return statusLabel;
  }

  /** {@code metrics_expiration} in milliseconds: a series without spans this long leaves /metrics; 0 never. */
  public long expirationMillis() {
    return expirationMillis;
  }

  /**
   * The Prometheus labels of an internal series key, without the status: {@code service_name}, {@code span_name},
   * {@code span_kind="SPAN_KIND_SERVER"} and the configured dimensions under their sanitized names (excluded
   * dimensions left out, so several keys may share labels); {@code otel_metric_overflow="true"} for the store's
   * overflow series; null for a key that is not a span-metric series (an instance series).
   */
  public Map<String, String> labels(SeriesKey key) {
    if (key.isOverflow()) {
      return Map.of(LabelSchema.OVERFLOW_LABEL, "true");
    }
    String service = key.get(RedLabels.SERVICE);
    String spanName = key.get(RedLabels.SPAN_NAME);
    String kind = key.get(RedLabels.SPAN_KIND);
    if (service == null || spanName == null || kind == null) {
      return null;
    }
    Map<String, String> labels = new TreeMap<>();
    if (serviceLabel) {
      labels.put("service_name", service);
    }
    if (spanNameLabel) {
      labels.put("span_name", spanName);
    }
    if (kindLabel) {
      labels.put("span_kind", "SPAN_KIND_" + kind);
    }
    for (Map.Entry<String, String> label : key.labels().entrySet()) {
      String name = dimensionLabels.get(label.getKey());
      if (name != null) {
        labels.put(name, label.getValue());
      }
    }
    return labels;
  }

  /**
   * One label of {@link #labels(SeriesKey)} without building them all (null when absent): the query API tests
   * its matchers on every key of a store with this, and builds the labels of the few that pass.
   */
  public String label(SeriesKey key, String name) {
    if (key.isOverflow()) {
      return name.equals(LabelSchema.OVERFLOW_LABEL) ? "true" : null;
    }
    // As labels() builds them: a configured dimension's value wins over the fixed label of the same
    // name.
    String value = null;
    for (Map.Entry<String, String> label : key.labels().entrySet()) {
      if (name.equals(dimensionLabels.get(label.getKey()))) {
        value = label.getValue();
      }
    }
    if (value != null) {
      return value;
    }
    return switch (name) {
      case "service_name" -> serviceLabel ? key.get(RedLabels.SERVICE) : null;
      case "span_name" -> spanNameLabel ? key.get(RedLabels.SPAN_NAME) : null;
      case "span_kind" -> {
        String kind = kindLabel ? key.get(RedLabels.SPAN_KIND) : null;
        yield kind == null ? null : "SPAN_KIND_" + kind;
      }
      default -> null;
    };
  }
}
