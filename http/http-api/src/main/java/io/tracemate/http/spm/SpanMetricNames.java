package io.tracemate.http.spm;

import io.tracemate.spanmetrics.SpanMetricsExposition;
import java.util.Objects;

/**
 * The span metrics series Jaeger's SPM queries read, as the span metrics configuration names them on /metrics (the
 * names a Jaeger query service would be given in its Prometheus settings: {@code metric_namespace},
 * {@code normalize_calls}, {@code normalize_duration}, {@code latency_unit}). The same for every tenant: they follow
 * from the configuration, not from the data.
 *
 * @param calls the calls counter ({@code traces_span_metrics_calls_total})
 * @param latency the duration histogram without its suffixes ({@code traces_span_metrics_duration_milliseconds})
 * @param latencyUnitMillis milliseconds per unit of the histogram (1, or 1000 for seconds): Jaeger's UI shows
 *     latencies in milliseconds whatever the backend keeps (with {@code histogram.disable} there are no buckets,
 *     and latencies answer no series)
 * @param minStepMillis the finest resolution of the series (the RED store's slot), what {@code /minstep} answers
 */
public record SpanMetricNames(
    String calls, String latency, double latencyUnitMillis, long minStepMillis) {

  public SpanMetricNames {
    Objects.requireNonNull(calls, "calls");
    Objects.requireNonNull(latency, "latency");
    if (!(latencyUnitMillis > 0)) {
      throw new IllegalArgumentException(
          "latencyUnitMillis must be positive: " + latencyUnitMillis);
    }
    if (minStepMillis < 1) {
      throw new IllegalArgumentException("minStepMillis must be positive: " + minStepMillis);
    }
  }

  /** The names the span metrics connector exposes its series under. */
  public static SpanMetricNames of(SpanMetricsExposition exposition) {
    return new SpanMetricNames(
        exposition.callsName(),
        exposition.durationName(),
        exposition.nanosPerUnit() / 1e6,
        exposition.store().config().resolution().toMillis());
  }
}
