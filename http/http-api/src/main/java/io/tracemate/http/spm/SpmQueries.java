package io.tracemate.http.spm;

import io.tracemate.promql.syntax.Durations;
import io.tracemate.promql.syntax.GoStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL Jaeger's Prometheus metrics reader runs for each SPM endpoint
 * ({@code internal/storage/metricstore/prometheus/metricstore/reader.go}), written for the series names of
 * {@link SpanMetricNames}:
 *
 * <pre>
 * calls:     sum(rate(CALLS{service_name =~ "S", span_kind =~ "K"}[R])) by (service_name[,span_name])
 * errors:    sum(rate(CALLS{service_name =~ "S", status_code = "STATUS_CODE_ERROR", span_kind =~ "K"}[R])) by (..)
 *          / sum(rate(CALLS{service_name =~ "S", span_kind =~ "K"}[R])) by (..)
 * latencies: histogram_quantile(Q, sum(rate(LATENCY_bucket{service_name =~ "S", span_kind =~ "K"}[R]))
 *              by (service_name[,span_name],le))
 * </pre>
 *
 * <p>Three deliberate differences, each where Jaeger's text loses what was asked: service names are matched
 * literally (Jaeger joins them into the regex unescaped, so {@code a.b} also matches {@code axb}); the rate window
 * is {@code ratePer} exactly (Jaeger keeps only the first unit of Go's duration text, so 90000 ms becomes
 * {@code 1m}); the quantile is written exactly (Jaeger rounds it to two decimals, so 0.999 becomes 1). A latency
 * histogram kept in seconds is multiplied by 1000, since Jaeger's UI reads milliseconds. Stateless.
 */
final class SpmQueries {
  static final String ERROR_STATUS = "STATUS_CODE_ERROR";

  private SpmQueries() {}

  static String callRate(SpanMetricNames names, SpmParams params) {
    return "sum(rate("
        + names.calls()
        + selector(params, null)
        + "["
        + Durations.format(params.ratePerMillis())
        + "])) by ("
        + groupBy(params, false)
        + ")";
  }

  static String errorRate(SpanMetricNames names, SpmParams params) {
    String window = "[" + Durations.format(params.ratePerMillis()) + "]";
    String by = " by (" + groupBy(params, false) + ")";
    return "sum(rate("
        + names.calls()
        + selector(params, ERROR_STATUS)
        + window
        + "))"
        + by
        + " / sum(rate("
        + names.calls()
        + selector(params, null)
        + window
        + "))"
        + by;
  }

  static String latencies(SpanMetricNames names, SpmParams params, double quantile) {
    String query =
        "histogram_quantile("
            + GoStrings.formatFloat(quantile)
            + ", sum(rate("
            + names.latency()
            + "_bucket"
            + selector(params, null)
            + "["
            + Durations.format(params.ratePerMillis())
            + "])) by ("
            + groupBy(params, true)
            + "))";
    return names.latencyUnitMillis() == 1
        ? query
        : query + " * " + GoStrings.formatFloat(names.latencyUnitMillis());
  }

  private static String selector(SpmParams params, String status) {
    List<String> matchers = new ArrayList<>();
    matchers.add("service_name =~ " + GoStrings.goQuote(literalAlternatives(params.services())));
    if (status != null) {
      matchers.add("status_code = " + GoStrings.goQuote(status));
    }
    matchers.add("span_kind =~ " + GoStrings.goQuote(String.join("|", params.spanKinds())));
    return "{" + String.join(", ", matchers) + "}";
  }

  private static String groupBy(SpmParams params, boolean buckets) {
    List<String> labels = new ArrayList<>();
    labels.add("service_name");
    if (params.groupByOperation()) {
      labels.add("span_name");
    }
    if (buckets) {
      labels.add("le");
    }
    return String.join(",", labels);
  }

  /** An RE2 alternation that matches exactly the given strings. */
  static String literalAlternatives(List<String> values) {
    List<String> quoted = new ArrayList<>(values.size());
    for (String value : values) {
      quoted.add(quoteMeta(value));
    }
    return String.join("|", quoted);
  }

  /** Go's {@code regexp.QuoteMeta}. */
  static String quoteMeta(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
