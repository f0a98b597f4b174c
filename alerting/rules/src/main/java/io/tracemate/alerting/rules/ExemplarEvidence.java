package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.Cancellation;
import io.tracemate.promql.engine.Exemplar;
import io.tracemate.promql.engine.ExemplarQuery;
import io.tracemate.promql.engine.ExemplarSource;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.querysupport.ParseLimits;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evidence of a PromQL alert: trace IDs of the span metrics' exemplars of the series behind its expression.
 * Every selector of the expression is asked in the order it is written (the numerator of an error ratio before its
 * denominator, so error traces come first), each over the window it reads at the evaluation time (its range, or
 * Prometheus' 5 minute lookback for an instant selector, widened by enclosing subqueries, moved by its {@code
 * offset}; {@code @} is not followed), narrowed to the alert's series by the labels it carries
 * ({@link ExemplarQuery#sameAs()}), until {@code maxTraceIds} distinct traces are found. A histogram's {@code _bucket}
 * selector (a latency rule) wants the slowest spans first, any other the newest.
 *
 * <p>Exemplars are the latest span of each bucket of each series, so a busy series replaces them within seconds:
 * without an {@code offset} the window reaches up to now rather than to the evaluation time (which the evaluation
 * delay puts a minute back), or a busy series would have none. A selector naming a recording rule of the group is
 * followed to that rule's expression (up to {@value #MAX_RECORDING_DEPTH} rules deep), since recorded series have no
 * exemplars of their own. A failure yields no evidence rather than failing the evaluation. Thread-safe.
 */
final class ExemplarEvidence {
  /** Prometheus' default lookback of an instant selector. */
  static final long LOOKBACK_MILLIS = 5 * 60_000L;

  /** Most recording rules followed from one selector (a rule reading a rule reading ...). */
  static final int MAX_RECORDING_DEPTH = 4;

  /** Most selectors asked per alert (each is one pass over the tenant's span-metric series). */
  private static final int MAX_SELECTORS = 8;

  private final int maxTraceIds;
  private final ParseLimits limits;
  private final String externalUrl;

  /**
   * @param maxTraceIds most trace IDs per alert; 0: none
   * @param externalUrl the UI's address, for the evidence's link to its first trace
   */
  ExemplarEvidence(int maxTraceIds, ParseLimits limits, String externalUrl) {
    this.maxTraceIds = maxTraceIds;
    this.limits = limits;
    this.externalUrl = externalUrl;
  }

  /** One selector as the evaluation reads it. */
  private record Selection(List<LabelMatcher> matchers, String name, long window, long offset) {}

  /**
   * @param recordingRules the expressions of the group's recording rules, by the name they record
   * @param seriesLabels the alert's labels without those the rule adds
   */
  Evidence gather(
      String expr,
      Map<String, String> recordingRules,
      ExemplarSource source,
      Map<String, String> seriesLabels,
      long timeMillis,
      long nowMillis,
      Cancellation cancellation) {
    if (maxTraceIds <= 0 || source == ExemplarSource.NONE) {
      return Evidence.NONE;
    }
    try {
      List<Selection> selections = new ArrayList<>();
      collect(PromQL.parse(expr, limits), 0, 0, recordingRules, 0, selections);
      Map<String, String> sameAs = new TreeMap<>(seriesLabels);
      sameAs.remove(LabelMatcher.METRIC_NAME);
      Set<String> traceIds = new LinkedHashSet<>();
      for (Selection selection :
          selections.subList(0, Math.min(MAX_SELECTORS, selections.size()))) {
        if (traceIds.size() >= maxTraceIds) {
          break;
        }
        long end = timeMillis - selection.offset();
        long max = selection.offset() == 0 ? Math.max(end, nowMillis) : end;
        ExemplarQuery query =
            new ExemplarQuery(
                selection.matchers(),
                sameAs,
                end - selection.window(),
                max,
                selection.name().endsWith("_bucket")
                    ? ExemplarQuery.Order.LARGEST
                    : ExemplarQuery.Order.NEWEST,
                maxTraceIds);
        for (Exemplar exemplar : source.select(query, cancellation)) {
          if (traceIds.size() < maxTraceIds) {
            traceIds.add(exemplar.traceId());
          }
        }
      }
      if (traceIds.isEmpty()) {
        return Evidence.NONE;
      }
      List<String> ids = List.copyOf(traceIds);
      return new Evidence(List.of(), ids, RuleTemplates.traceUrl(externalUrl, ids.get(0)));
    } catch (io.tracemate.common.CancelledException e) {
      throw e;
    } catch (RuntimeException e) {
      return Evidence.NONE;
    }
  }

  private static void collect(
      Expr expr,
      long extraWindow,
      long extraOffset,
      Map<String, String> recordingRules,
      int depth,
      List<Selection> out) {
    switch (expr) {
      case Expr.VectorSelector selector ->
          select(selector, LOOKBACK_MILLIS + extraWindow, extraOffset, recordingRules, depth, out);
      case Expr.MatrixSelector matrix ->
          select(
              matrix.selector(),
              matrix.rangeMillis() + extraWindow,
              extraOffset,
              recordingRules,
              depth,
              out);
      case Expr.Subquery subquery ->
          collect(
              subquery.expr(),
              extraWindow + subquery.rangeMillis(),
              extraOffset + subquery.offsetMillis(),
              recordingRules,
              depth,
              out);
      case Expr.Call call -> {
        for (Expr arg : call.args()) {
          collect(arg, extraWindow, extraOffset, recordingRules, depth, out);
        }
      }
      case Expr.Aggregation aggregation ->
          collect(aggregation.expr(), extraWindow, extraOffset, recordingRules, depth, out);
      case Expr.Binary binary -> {
        collect(binary.lhs(), extraWindow, extraOffset, recordingRules, depth, out);
        collect(binary.rhs(), extraWindow, extraOffset, recordingRules, depth, out);
      }
      case Expr.Unary unary ->
          collect(unary.expr(), extraWindow, extraOffset, recordingRules, depth, out);
      case Expr.Paren paren ->
          collect(paren.expr(), extraWindow, extraOffset, recordingRules, depth, out);
      default -> {} // literals read no series
    }
  }

  private static void select(
      Expr.VectorSelector selector,
      long window,
      long extraOffset,
      Map<String, String> recordingRules,
      int depth,
      List<Selection> out) {
    String name = selector.name();
    String recorded = name.isEmpty() ? null : recordingRules.get(name);
    long offset = extraOffset + selector.offsetMillis();
    if (recorded != null && depth < MAX_RECORDING_DEPTH) {
      // The recorded series stands for its rule's expression at each of its samples: read that one
      // over the same window.
      try {
        collect(PromQL.parse(recorded), window, offset, recordingRules, depth + 1, out);
      } catch (RuntimeException e) {
        // The group's rules were parsed when loaded; nothing to add if one cannot be now.
      }
      return;
    }
    out.add(new Selection(selector.allMatchers(), name, window, offset));
  }
}
