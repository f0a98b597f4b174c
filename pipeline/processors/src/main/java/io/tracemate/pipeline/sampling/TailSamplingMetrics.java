package io.tracemate.pipeline.sampling;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.tenant.TenantMetrics;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The samplers' counters as {@code tracemate_sampling_*} metrics: spans received, kept and dropped
 * ({@code _spans_total{outcome}}), late spans, traces decided ({@code _traces_total{decision}}) and forced early,
 * each top-level policy's votes ({@code _policy_decisions_total{policy, decision}}), traces and spans in memory.
 *
 * <p>Per tenant, as the span metrics' own figures: with the tenant label (multitenancy on) every series says its
 * tenant and a scrape shows its scope's tenants only; without it, every tenant's counters added up, as before
 * tenants. The series are bounded by the tenants held ({@code multitenancy.max-tenants}) times the policies each
 * tenant's settings in use name (a policy no waiting trace or current block names any more is dropped). A tenant's
 * counters start again from zero when its idle sampler was forgotten (a counter reset to Prometheus). Thread-safe.
 */
final class TailSamplingMetrics implements TenantMetrics {
  private final Function<TenantScope, SortedMap<TenantId, TailSamplingStats>> stats;
  private final boolean tenantLabel;

  /** @param stats each tenant's counters, of the scope's tenants (of every tenant for null) */
  TailSamplingMetrics(
      Function<TenantScope, SortedMap<TenantId, TailSamplingStats>> stats, boolean tenantLabel) {
    this.stats = stats;
    this.tenantLabel = tenantLabel;
  }

  @Override
  public MetricSnapshots collect(TenantScope scope) {
    SortedMap<TenantId, TailSamplingStats> tenants =
        stats.apply(tenantLabel ? java.util.Objects.requireNonNull(scope, "scope") : null);
    Map<Labels, TailSamplingStats> byLabels = new TreeMap<>();
    if (tenantLabel) {
      tenants.forEach(
          (tenant, counters) ->
              byLabels.put(TenantMetrics.labelled(Labels.EMPTY, tenant, true), counters));
    } else {
      TailSamplingStats sum = TailSamplingStats.NONE;
      for (TailSamplingStats counters : tenants.values()) {
        sum = sum.plus(counters);
      }
      byLabels.put(Labels.EMPTY, sum);
    }
    MetricSnapshots.Builder out = MetricSnapshots.builder();
    CounterSnapshot.Builder spans =
        CounterSnapshot.builder()
            .name("tracemate_sampling_spans")
            .help(
                "Spans through tail sampling, by outcome: received, kept (to the store), dropped");
    byLabels.forEach(
        (labels, counters) -> {
          spans.dataPoint(counter(labels.add("outcome", "received"), counters.spansIn()));
          spans.dataPoint(counter(labels.add("outcome", "kept"), counters.spansOut()));
          spans.dataPoint(counter(labels.add("outcome", "dropped"), counters.spansDropped()));
        });
    out.metricSnapshot(spans.build());
    out.metricSnapshot(
        counter(
            "tracemate_sampling_late_spans",
            "Spans that arrived after their trace was decided and followed the cached decision",
            byLabels,
            TailSamplingStats::lateSpans));
    CounterSnapshot.Builder traces =
        CounterSnapshot.builder()
            .name("tracemate_sampling_traces")
            .help("Traces decided, by decision");
    byLabels.forEach(
        (labels, counters) -> {
          traces.dataPoint(counter(labels.add("decision", "sampled"), counters.tracesSampled()));
          traces.dataPoint(
              counter(labels.add("decision", "not_sampled"), counters.tracesNotSampled()));
        });
    out.metricSnapshot(traces.build());
    out.metricSnapshot(
        counter(
            "tracemate_sampling_forced_decisions",
            "Traces decided before decision_wait because num_traces was exceeded",
            byLabels,
            TailSamplingStats::forcedDecisions));
    CounterSnapshot.Builder votes =
        CounterSnapshot.builder()
            .name("tracemate_sampling_policy_decisions")
            .help("Each top-level policy's votes");
    byLabels.forEach(
        (labels, counters) ->
            counters
                .decisionsByPolicy()
                .forEach(
                    (policy, decisions) -> {
                      Labels ofPolicy = labels.add("policy", policy);
                      votes.dataPoint(
                          counter(ofPolicy.add("decision", "sampled"), decisions.sampled()));
                      votes.dataPoint(
                          counter(ofPolicy.add("decision", "not_sampled"), decisions.notSampled()));
                    }));
    out.metricSnapshot(votes.build());
    out.metricSnapshot(
        gauge(
            "tracemate_sampling_traces_in_memory",
            "Traces waiting for their sampling decision",
            byLabels,
            TailSamplingStats::tracesInMemory));
    out.metricSnapshot(
        gauge(
            "tracemate_sampling_spans_in_memory",
            "Spans of the traces waiting for their sampling decision",
            byLabels,
            TailSamplingStats::spansInMemory));
    return out.build();
  }

  private static CounterDataPointSnapshot counter(Labels labels, long value) {
    return CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static CounterSnapshot counter(
      String name,
      String help,
      Map<Labels, TailSamplingStats> byLabels,
      ToLongFunction<TailSamplingStats> figure) {
    CounterSnapshot.Builder builder = CounterSnapshot.builder().name(name).help(help);
    byLabels.forEach(
        (labels, counters) -> builder.dataPoint(counter(labels, figure.applyAsLong(counters))));
    return builder.build();
  }

  private static GaugeSnapshot gauge(
      String name,
      String help,
      Map<Labels, TailSamplingStats> byLabels,
      ToLongFunction<TailSamplingStats> figure) {
    GaugeSnapshot.Builder builder = GaugeSnapshot.builder().name(name).help(help);
    byLabels.forEach(
        (labels, counters) ->
            builder.dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value(figure.applyAsLong(counters))
                    .build()));
    return builder.build();
  }
}
