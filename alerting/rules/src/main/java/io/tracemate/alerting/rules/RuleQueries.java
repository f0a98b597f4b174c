package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.engine.LogQueryRequest;
import io.tracemate.logql.engine.MatrixResult;
import io.tracemate.logql.engine.ScalarResult;
import io.tracemate.logql.engine.Series;
import io.tracemate.logql.engine.VectorResult;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.Label;
import io.tracemate.promql.engine.EngineSettings;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.engine.UnionSeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs rule expressions: PromQL over the tenant's metric series (the span metrics and service graph the server
 * hands in) and its recorded series, LogQL over the log store, each under the same engine limits and time-outs as
 * the query APIs and with the group's tenant as the scope. Thread-safe.
 */
public final class RuleQueries {
  private final Function<TenantScope, SeriesSource> metricSeries;
  private final RecordedSeries recorded;
  private final EngineSettings promqlSettings;
  private final LogQLEngine logql; // null when logs are off
  private final LogEvidence logEvidence;

  /**
   * @param metricSeries the series a scope reads besides the recorded ones (the Prometheus API's)
   * @param recorded what recording rules write
   * @param promqlSettings the Prometheus query API's limits and time-out
   * @param logql the Loki API's engine (its tenant limits and time-out apply); null when logs are off
   * @param evidenceLines most log lines gathered as an alert's evidence
   */
  public RuleQueries(
      Function<TenantScope, SeriesSource> metricSeries,
      RecordedSeries recorded,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      int evidenceLines) {
    this.metricSeries = Objects.requireNonNull(metricSeries, "metricSeries");
    this.recorded = Objects.requireNonNull(recorded, "recorded");
    this.promqlSettings = Objects.requireNonNull(promqlSettings, "promqlSettings");
    this.logql = logql;
    this.logEvidence = logql == null ? null : new LogEvidence(logql, evidenceLines);
  }

  RecordedSeries recorded() {
    return recorded;
  }

  /** The series PromQL rules and the Prometheus API of {@code scope} read: metric and recorded series. */
  public SeriesSource seriesFor(TenantScope scope) {
    return UnionSeriesSource.of(List.of(metricSeries.apply(scope), recorded.forScope(scope)));
  }

  /**
   * Evaluates {@code expr} at {@code timeMillis} for {@code tenant}.
   *
   * @throws RuntimeException the engine's parse, limit, time-out and evaluation errors, and
   *     {@link IllegalStateException} when the result is neither a vector nor a scalar
   */
  List<RuleSample> query(
      RuleLanguage language,
      String expr,
      TenantId tenant,
      long timeMillis,
      Cancellation cancellation) {
    TenantScope scope = TenantScope.of(tenant);
    if (language == RuleLanguage.PROMQL) {
      PromQLEngine engine = new PromQLEngine(seriesFor(scope), promqlSettings);
      return switch (engine.instantQuery(expr, timeMillis, cancellation)) {
        case QueryResult.Vector vector -> {
          List<RuleSample> samples = new ArrayList<>(vector.samples().size());
          for (QueryResult.Sample sample : vector.samples()) {
            samples.add(new RuleSample(toMap(sample.labels().asList()), sample.value()));
          }
          yield samples;
        }
        case QueryResult.Scalar scalar -> List.of(new RuleSample(new TreeMap<>(), scalar.value()));
        default -> throw new IllegalStateException("rule result is not a vector or scalar");
      };
    }
    if (logql == null) {
      throw new IllegalStateException("LogQL rules need the logs (logs.enabled is false)");
    }
    long nanos = timeMillis * 1_000_000L;
    var result =
        logql.execute(
            new LogQueryRequest(scope, expr, nanos, nanos, 0, 0, Direction.FORWARD, 0, true),
            new ScanStats(),
            cancellation.withChildTimeout(logql.limits(scope).timeout()));
    return switch (result) {
      case VectorResult vector -> {
        List<RuleSample> samples = new ArrayList<>(vector.samples().size());
        for (var sample : vector.samples()) {
          SortedMap<String, String> labels = new TreeMap<>();
          for (Label label : sample.metric().labels()) {
            labels.put(label.name(), label.value());
          }
          samples.add(new RuleSample(labels, sample.value()));
        }
        yield samples;
      }
      case ScalarResult scalar -> List.of(new RuleSample(new TreeMap<>(), scalar.value()));
      default -> throw new IllegalStateException("rule result is not a vector or scalar");
    };
  }

  /**
   * Evaluates {@code expr} at {@code start, start + step, ... <= end} (Unix ms) for {@code tenant}, as a range query
   * of the query APIs: the values at each step are those an instant query at that step (the ruler's) would give.
   *
   * @throws RuntimeException the engine's parse, limit (points, series, samples, query length), time-out and
   *     evaluation errors
   */
  List<RuleSeries> rangeQuery(
      RuleLanguage language,
      String expr,
      TenantId tenant,
      long startMillis,
      long endMillis,
      long stepMillis,
      Cancellation cancellation) {
    TenantScope scope = TenantScope.of(tenant);
    List<RuleSeries> out = new ArrayList<>();
    if (language == RuleLanguage.PROMQL) {
      PromQLEngine engine = new PromQLEngine(seriesFor(scope), promqlSettings);
      switch (engine.rangeQuery(expr, startMillis, endMillis, stepMillis, cancellation)) {
        case QueryResult.Matrix matrix -> {
          for (QueryResult.Series series : matrix.series()) {
            long[] times = new long[series.points().size()];
            double[] values = new double[times.length];
            for (int i = 0; i < times.length; i++) {
              times[i] = series.points().get(i).timestampMillis();
              values[i] = series.points().get(i).value();
            }
            out.add(new RuleSeries(toMap(series.labels().asList()), times, values));
          }
        }
        default -> throw new IllegalStateException("range result is not a matrix");
      }
      return out;
    }
    if (logql == null) {
      throw new IllegalStateException("LogQL rules need the logs (logs.enabled is false)");
    }
    var result =
        logql.execute(
            new LogQueryRequest(
                scope,
                expr,
                startMillis * 1_000_000L,
                endMillis * 1_000_000L,
                stepMillis * 1_000_000L,
                0,
                Direction.FORWARD,
                0,
                false),
            new ScanStats(),
            cancellation.withChildTimeout(logql.limits(scope).timeout()));
    switch (result) {
      case MatrixResult matrix -> {
        for (Series series : matrix.series()) {
          SortedMap<String, String> labels = new TreeMap<>();
          for (Label label : series.metric().labels()) {
            labels.put(label.name(), label.value());
          }
          out.add(new RuleSeries(labels, series.timestampsMillis(), series.values()));
        }
      }
      case ScalarResult scalar -> {
        // A literal: the same value at every step.
        int count = Math.toIntExact((endMillis - startMillis) / stepMillis + 1);
        long[] times = new long[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
          times[i] = startMillis + i * stepMillis;
          values[i] = scalar.value();
        }
        out.add(new RuleSeries(new TreeMap<>(), times, values));
      }
      default -> throw new IllegalStateException("range result is not a matrix");
    }
    return out;
  }

  /**
   * Log lines and trace IDs behind one alert: from the rule's own {@code evidence} query when it has one, else from
   * a LogQL rule's expression; none for a PromQL rule without one, or when logs are off.
   */
  Evidence evidence(
      RuleLanguage language,
      Rule rule,
      TenantId tenant,
      SortedMap<String, String> seriesLabels,
      long timeMillis,
      Cancellation cancellation) {
    if (logEvidence == null) {
      return Evidence.NONE;
    }
    if (rule.evidence() != null) {
      java.time.Duration lookback =
          rule.forDuration().compareTo(LogEvidence.EVIDENCE_LOOKBACK) > 0
              ? rule.forDuration()
              : LogEvidence.EVIDENCE_LOOKBACK;
      return logEvidence.gatherFromLogQuery(
          rule.evidence(), tenant, seriesLabels, timeMillis, lookback, cancellation);
    }
    if (language != RuleLanguage.LOGQL) {
      return Evidence.NONE;
    }
    return logEvidence.gather(rule.expr(), tenant, seriesLabels, timeMillis, cancellation);
  }

  private static SortedMap<String, String> toMap(List<io.tracemate.promql.engine.Label> labels) {
    SortedMap<String, String> map = new TreeMap<>();
    for (var label : labels) {
      map.put(label.name(), label.value());
    }
    return map;
  }
}
