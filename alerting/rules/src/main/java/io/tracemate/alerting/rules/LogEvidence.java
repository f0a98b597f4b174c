package io.tracemate.alerting.rules;

import io.tracemate.alerting.model.Evidence;
import io.tracemate.common.Cancellation;
import io.tracemate.common.labels.LabelNames;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.engine.LogQueryRequest;
import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logql.engine.StreamsResult;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.SampleExpr;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LogEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence of a LogQL alert: the newest lines its rule counted, and their trace IDs. The rule's first log
 * range ({@code {app="api"} |= "error" | json} of {@code sum by (service) (count_over_time(...[5m])) > 10}) is run
 * as a log query over that range up to the evaluation time, narrowed to the alert's series by a label filter per
 * label of the series ({@code | service="checkout"}: label filters see stream labels, structured metadata and
 * parsed labels alike), newest first, at most {@code maxLines}. Trace IDs come from the lines' {@code trace_id}
 * metadata. A rule's own {@code evidence} query is run the same way ({@link #lines}). The evidence's link opens the
 * UI's log explorer at that query and range. A failure yields no evidence rather than failing the evaluation.
 * Thread-safe.
 */
final class LogEvidence {
  private final LogQLEngine engine;
  private final int maxLines;
  private final String externalUrl;

  /** @param externalUrl the UI's address, for the evidence's link to the log explorer */
  LogEvidence(LogQLEngine engine, int maxLines, String externalUrl) {
    this.engine = engine;
    this.maxLines = maxLines;
    this.externalUrl = externalUrl;
  }

  /** The evidence of an alert of the LogQL rule {@code expr} whose series has {@code seriesLabels}. */
  Evidence gather(
      String expr,
      TenantId tenant,
      Map<String, String> seriesLabels,
      long timeMillis,
      Cancellation cancellation) {
    if (maxLines <= 0) {
      return Evidence.NONE;
    }
    try {
      if (!(LogQL.parse(expr, engine.limits().parseLimits()) instanceof SampleExpr sample)) {
        return Evidence.NONE;
      }
      SampleExpr.RangeAggregation range = firstRange(sample);
      if (range == null) {
        return Evidence.NONE;
      }
      String query = range.range().selector() + labelFilters(seriesLabels);
      long end = timeMillis - range.range().offset().toMillis();
      return lines(query, tenant, end - range.range().range().toMillis(), end, cancellation);
    } catch (RuntimeException e) {
      return Evidence.NONE;
    }
  }

  /**
   * The newest lines of the log query {@code query} (a rule's own {@code evidence}) in {@code [startMillis,
   * endMillis]} and their trace IDs; none when it fails or is not a log query.
   */
  Evidence lines(
      String query, TenantId tenant, long startMillis, long endMillis, Cancellation cancellation) {
    if (maxLines <= 0) {
      return Evidence.NONE;
    }
    try {
      long end = endMillis * 1_000_000L + 1;
      long start = startMillis * 1_000_000L;
      var result =
          engine.execute(
              new LogQueryRequest(
                  TenantScope.of(tenant),
                  query,
                  start,
                  end,
                  0,
                  0,
                  Direction.BACKWARD,
                  maxLines,
                  false),
              new ScanStats(),
              cancellation.withChildTimeout(engine.limits(TenantScope.of(tenant)).timeout()));
      if (!(result instanceof StreamsResult streams)) {
        return Evidence.NONE;
      }
      List<Evidence.LogLine> lines = new ArrayList<>();
      Set<String> traceIds = new LinkedHashSet<>();
      List<Map.Entry<ResultStream, LogEntry>> entries = new ArrayList<>();
      for (ResultStream stream : streams.streams()) {
        for (LogEntry entry : stream.entries()) {
          entries.add(Map.entry(stream, entry));
        }
      }
      entries.sort(
          Comparator.comparingLong(
                  (Map.Entry<ResultStream, LogEntry> e) -> e.getValue().timestampNanos())
              .reversed());
      for (var e : entries.subList(0, Math.min(maxLines, entries.size()))) {
        LogEntry entry = e.getValue();
        lines.add(
            new Evidence.LogLine(
                e.getKey().labels().toMap(),
                Instant.ofEpochSecond(0, entry.timestampNanos()),
                entry.line()));
        String traceId = entry.traceId();
        if (traceId != null && !traceId.isEmpty()) {
          traceIds.add(traceId);
        }
      }
      String url =
          lines.isEmpty() ? "" : RuleTemplates.logsUrl(externalUrl, query, startMillis, endMillis);
      return new Evidence(lines, List.copyOf(traceIds), url);
    } catch (RuntimeException e) {
      return Evidence.NONE;
    }
  }

  private static String labelFilters(Map<String, String> labels) {
    StringBuilder out = new StringBuilder();
    for (var label : labels.entrySet()) {
      if (!LabelNames.isValid(label.getKey()) || label.getKey().startsWith("__")) {
        continue;
      }
      out.append(" | ").append(label.getKey()).append("=").append(goQuote(label.getValue()));
    }
    return out.toString();
  }

  private static String goQuote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static SampleExpr.RangeAggregation firstRange(SampleExpr expr) {
    return switch (expr) {
      case SampleExpr.RangeAggregation range -> range;
      case SampleExpr.VectorAggregation aggregation -> firstRange(aggregation.inner());
      case SampleExpr.BinaryOperation binary -> {
        SampleExpr.RangeAggregation left = firstRange(binary.left());
        yield left != null ? left : firstRange(binary.right());
      }
      case SampleExpr.LabelReplace replace -> firstRange(replace.inner());
      default -> null;
    };
  }
}
