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
import io.tracemate.promql.engine.ExemplarSource;
import io.tracemate.promql.engine.PromQLEngine;
import io.tracemate.promql.engine.QueryResult;
import io.tracemate.promql.engine.SeriesSource;
import io.tracemate.promql.engine.UnionSeriesSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private final Function<TenantScope, ExemplarSource> exemplars;
  private final LogQLEngine logql; // null when logs are off
  private final LogEvidence logEvidence; // null when logs are off
  private final ExemplarEvidence exemplarEvidence;

  /**
   * @param metricSeries the series a scope reads besides the recorded ones (the Prometheus API's)
   * @param exemplars the span metrics' exemplars a scope reads
   * @param recorded what recording rules write
   * @param promqlSettings the Prometheus query API's limits and time-out
   * @param logql the Loki API's engine (its tenant limits and time-out apply); null when logs are off
   * @param evidenceLines most log lines gathered as an alert's evidence
   * @param evidenceTraceIds most exemplar trace IDs gathered as a PromQL alert's evidence
   * @param externalUrl the UI's address, for the evidence's links
   */
  RuleQueries(
      Function<TenantScope, SeriesSource> metricSeries,
      Function<TenantScope, ExemplarSource> exemplars,
      RecordedSeries recorded,
      EngineSettings promqlSettings,
      LogQLEngine logql,
      int evidenceLines,
      int evidenceTraceIds,
      String externalUrl) {
    this.metricSeries = Objects.requireNonNull(metricSeries, "metricSeries");
    this.exemplars = Objects.requireNonNull(exemplars, "exemplars");
    this.recorded = Objects.requireNonNull(recorded, "recorded");
    this.promqlSettings = Objects.requireNonNull(promqlSettings, "promqlSettings");
    this.logql = logql;
    this.logEvidence = logql == null ? null : new LogEvidence(logql, evidenceLines, externalUrl);
    this.exemplarEvidence =
        new ExemplarEvidence(evidenceTraceIds, promqlSettings.parseLimits(), externalUrl);
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
   * What lies behind one alert: the lines and trace IDs of the rule's own {@code evidence} query when it has one
   * (already expanded for the alert), else for a LogQL rule the newest lines its log range counted, for a PromQL
   * rule the span metrics' exemplars of its selectors.
   *
   * @param evidenceQuery the rule's expanded {@code evidence} query; null: none
   * @param recordingRules the expressions of the group's recording rules, by the name they record
   * @param nowMillis the ruler's clock (the evaluation time is the delay before it)
   */
  Evidence evidence(
      RuleLanguage language,
      String expr,
      String evidenceQuery,
      Map<String, String> recordingRules,
      TenantId tenant,
      SortedMap<String, String> seriesLabels,
      long timeMillis,
      long nowMillis,
      Cancellation cancellation) {
    if (evidenceQuery != null) {
      if (logEvidence == null) {
        return Evidence.NONE;
      }
      long window = window(language, expr, recordingRules);
      return logEvidence.lines(
          evidenceQuery, tenant, timeMillis - window, timeMillis, cancellation);
    }
    if (language == RuleLanguage.PROMQL) {
      return exemplarEvidence.gather(
          expr,
          recordingRules,
          exemplars.apply(TenantScope.of(tenant)),
          seriesLabels,
          timeMillis,
          nowMillis,
          cancellation);
    }
    if (logEvidence == null) {
      return Evidence.NONE;
    }
    return logEvidence.gather(expr, tenant, seriesLabels, timeMillis, cancellation);
  }

  /**
   * The longest range the expression reads (what an evidence query covers), following a recorded series to its
   * rule's expression (an alert on {@code service:error_ratio} covers the rate window that ratio is recorded over);
   * 5 minutes when it has none.
   */
  private static long window(
      RuleLanguage language, String expr, Map<String, String> recordingRules) {
    long longest = 0;
    try {
      if (language == RuleLanguage.PROMQL) {
        longest = longestRange(io.tracemate.promql.syntax.PromQL.parse(expr), recordingRules, 0);
      } else if (io.tracemate.logql.syntax.LogQL.parse(expr)
          instanceof io.tracemate.logql.syntax.SampleExpr sample) {
        longest = longestRange(sample);
      }
    } catch (RuntimeException e) {
      // Parsed when the rule was loaded; the default window serves if it cannot be now.
    }
    return longest > 0 ? longest : ExemplarEvidence.LOOKBACK_MILLIS;
  }

  private static long longestRange(
      io.tracemate.promql.syntax.Expr expr, Map<String, String> recordingRules, int depth) {
    return switch (expr) {
      case io.tracemate.promql.syntax.Expr.VectorSelector v -> {
        String recorded = v.name().isEmpty() ? null : recordingRules.get(v.name());
        yield recorded == null || depth >= ExemplarEvidence.MAX_RECORDING_DEPTH
            ? 0
            : longestRange(
                io.tracemate.promql.syntax.PromQL.parse(recorded), recordingRules, depth + 1);
      }
      case io.tracemate.promql.syntax.Expr.MatrixSelector m -> m.rangeMillis();
      case io.tracemate.promql.syntax.Expr.Subquery q -> q.rangeMillis();
      case io.tracemate.promql.syntax.Expr.Call c ->
          c.args().stream()
              .mapToLong(arg -> longestRange(arg, recordingRules, depth))
              .max()
              .orElse(0);
      case io.tracemate.promql.syntax.Expr.Aggregation a ->
          longestRange(a.expr(), recordingRules, depth);
      case io.tracemate.promql.syntax.Expr.Binary b ->
          Math.max(
              longestRange(b.lhs(), recordingRules, depth),
              longestRange(b.rhs(), recordingRules, depth));
      case io.tracemate.promql.syntax.Expr.Unary u -> longestRange(u.expr(), recordingRules, depth);
      case io.tracemate.promql.syntax.Expr.Paren p -> longestRange(p.expr(), recordingRules, depth);
      default -> 0;
    };
  }

  private static long longestRange(io.tracemate.logql.syntax.SampleExpr expr) {
    return switch (expr) {
      case io.tracemate.logql.syntax.SampleExpr.RangeAggregation r -> r.range().range().toMillis();
      case io.tracemate.logql.syntax.SampleExpr.VectorAggregation v -> longestRange(v.inner());
      case io.tracemate.logql.syntax.SampleExpr.BinaryOperation b ->
          Math.max(longestRange(b.left()), longestRange(b.right()));
      case io.tracemate.logql.syntax.SampleExpr.LabelReplace r -> longestRange(r.inner());
      default -> 0;
    };
  }

  private static SortedMap<String, String> toMap(List<io.tracemate.promql.engine.Label> labels) {
    SortedMap<String, String> map = new TreeMap<>();
    for (var label : labels) {
      map.put(label.name(), label.value());
    }
    return map;
  }
}
