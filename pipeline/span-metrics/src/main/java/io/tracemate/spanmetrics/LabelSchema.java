package io.tracemate.spanmetrics;

import io.prometheus.metrics.model.snapshots.Labels;
import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.red.SeriesKey;
import io.tracemate.spanmetrics.config.DimensionConfig;
import io.tracemate.spanmetrics.config.PrometheusLabels;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Turns a span into its series identity, its Prometheus labels and its internal RED key, with the collector's
 * label names and values: {@code service_name}, {@code span_name}, {@code span_kind="SPAN_KIND_SERVER"},
 * {@code status_code="STATUS_CODE_ERROR"}, and each extra dimension looked up on the span's attributes, then on
 * its resource's, then its default, its distinct values bounded by {@code dimension_value_limit}. Thread-safe.
 */
final class LabelSchema {
  static final String OVERFLOW_LABEL = PrometheusLabels.sanitize(SeriesKey.OVERFLOW_LABEL);

  private final List<DimensionConfig> dimensions;
  private final String[] dimensionLabels;
  private final DimensionValueLimiter[] limiters;
  private final boolean excludeService;
  private final boolean excludeSpanName;
  private final boolean excludeKind;
  private final boolean excludeStatus;

  LabelSchema(SpanMetricsConfig config) {
    this.dimensions = config.dimensions();
    this.dimensionLabels =
        dimensions.stream().map(d -> PrometheusLabels.sanitize(d.name())).toArray(String[]::new);
    this.limiters = new DimensionValueLimiter[dimensions.size()];
    for (int i = 0; i < limiters.length; i++) {
      limiters[i] = new DimensionValueLimiter(config.dimensionValueLimit());
    }
    List<String> excluded = config.excludeDimensions();
    excludeService = excluded.contains("service.name");
    excludeSpanName = excluded.contains("span.name");
    excludeKind = excluded.contains("span.kind");
    excludeStatus = excluded.contains("status.code");
  }

  SeriesIdentity identify(Span span) {
    String[] values = new String[dimensions.size()];
    for (int i = 0; i < values.length; i++) {
      DimensionConfig dimension = dimensions.get(i);
      AttributeValue value = Attribute.find(span.attributes(), dimension.name());
      if (value == null) {
        value = Attribute.find(span.resource().attributes(), dimension.name());
      }
      values[i] = limiters[i].admit(value != null ? value.asText() : dimension.defaultValue());
    }
    return new SeriesIdentity(
        span.serviceName(), span.name(), span.kind(), span.status().code(), Arrays.asList(values));
  }

  Labels prometheusLabels(SeriesIdentity identity) {
    List<String> names = new ArrayList<>(4 + dimensionLabels.length);
    List<String> values = new ArrayList<>(4 + dimensionLabels.length);
    if (!excludeService) {
      names.add("service_name");
      values.add(identity.service());
    }
    if (!excludeSpanName) {
      names.add("span_name");
      values.add(identity.spanName());
    }
    if (!excludeKind) {
      names.add("span_kind");
      values.add(kindLabel(identity.kind()));
    }
    if (!excludeStatus) {
      names.add("status_code");
      values.add(statusLabel(identity.status()));
    }
    for (int i = 0; i < dimensionLabels.length; i++) {
      String value = identity.dimensionValues().get(i);
      if (value != null) {
        names.add(dimensionLabels[i]);
        values.add(value);
      }
    }
    return Labels.of(names, values);
  }

  SeriesKey redKey(SeriesIdentity identity) {
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(RedLabels.SERVICE, identity.service());
    labels.put(RedLabels.SPAN_NAME, identity.spanName());
    labels.put(RedLabels.SPAN_KIND, identity.kind().name());
    for (int i = 0; i < dimensions.size(); i++) {
      String value = identity.dimensionValues().get(i);
      if (value != null) {
        labels.put(dimensions.get(i).name(), value);
      }
    }
    return new SeriesKey(labels);
  }

  /** Per extra dimension (attribute name, in configuration order): spans whose value became "__other__". */
  java.util.Map<String, Long> replacedValues() {
    java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < limiters.length; i++) {
      out.put(dimensions.get(i).name(), limiters[i].replaced());
    }
    return out;
  }

  static Labels overflowLabels() {
    return Labels.of(OVERFLOW_LABEL, "true");
  }

  /** The collector's (OTLP's) enum names. */
  static String kindLabel(SpanKind kind) {
    return "SPAN_KIND_" + kind.name();
  }

  static String statusLabel(StatusCode status) {
    return "STATUS_CODE_" + status.name();
  }

  /** Prometheus labels as a map, name to value. */
  static java.util.Map<String, String> toMap(Labels labels) {
    java.util.Map<String, String> map = new java.util.TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      map.put(labels.getName(i), labels.getValue(i));
    }
    return map;
  }
}
