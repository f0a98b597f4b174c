package io.tracemate.promql.engine.conformance;

import io.tracemate.promql.engine.Labels;
import io.tracemate.promql.engine.StaleMarker;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.LabelMatcher;
import io.tracemate.promql.syntax.PromQL;
import io.tracemate.querysupport.MatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One series line of a promqltest script, as Prometheus' {@code ParseSeriesDesc} reads it:
 * {@code metric{a="b"} 1+2x3 _ stale _x2 -1 Inf NaN}. {@code a+bxN} expands to N+1 values, {@code axN} repeats,
 * {@code _} omits a point. Native histogram values ({@code {{...}}}) are recognised and reported, not decoded.
 *
 * @param labels    the series
 * @param values    one entry per point: a value, or null for an omitted one
 * @param histogram whether the line holds native histogram values
 */
record SeriesDescription(Labels labels, List<Double> values, boolean histogram) {
  private static final String NUMBER =
      "(?:stale|inf|nan|[0-9]*\\.?[0-9]+(?:e[+-]?[0-9]+)?|[0-9]+\\.)";
  private static final Pattern ITEM =
      Pattern.compile(
          "([+-]?" + NUMBER + ")(?:([+-])(" + NUMBER + "))?(?:x([0-9]+))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BLANK = Pattern.compile("_(?:x([0-9]+))?");

  static SeriesDescription parse(String line) {
    int split = metricEnd(line);
    Labels labels = labels(line.substring(0, split).trim());
    String rest = line.substring(split).trim();
    if (rest.contains("{{")) {
      return new SeriesDescription(labels, List.of(), true);
    }
    List<Double> values = new ArrayList<>();
    for (String item : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
      Matcher blank = BLANK.matcher(item);
      if (blank.matches()) {
        int n = blank.group(1) == null ? 1 : Integer.parseInt(blank.group(1));
        for (int i = 0; i < n; i++) {
          values.add(null);
        }
        continue;
      }
      Matcher m = ITEM.matcher(item);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad series value " + item + " in: " + line);
      }
      double start = number(m.group(1));
      if (m.group(4) == null) {
        if (m.group(2) != null) {
          throw new IllegalArgumentException("bad series value " + item + " in: " + line);
        }
        values.add(start);
        continue;
      }
      int times = Integer.parseInt(m.group(4));
      double delta =
          m.group(2) == null ? 0 : number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
      double value = start;
      for (int i = 0; i <= times; i++) {
        values.add(value);
        value += delta;
      }
    }
    return new SeriesDescription(labels, values, false);
  }

  private static double number(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    boolean negative = t.startsWith("-");
    if (t.startsWith("+") || t.startsWith("-")) {
      t = t.substring(1);
    }
    double v =
        switch (t) {
          case "stale" -> StaleMarker.VALUE;
          case "inf" -> Double.POSITIVE_INFINITY;
          case "nan" -> Double.NaN;
          default -> Double.parseDouble(t);
        };
    return negative ? -v : v;
  }

  /** Where the metric part ends: after the closing brace (outside quotes), or at the first blank. */
  private static int metricEnd(String line) {
    int brace = -1;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '{' && brace < 0) {
        brace = i;
        break;
      }
      if (Character.isWhitespace(c)) {
        return i;
      }
    }
    if (brace < 0) {
      return line.length();
    }
    char quote = 0;
    for (int i = brace + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quote = c;
      } else if (c == '}') {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unclosed brace in: " + line);
  }

  /** The labels of a metric part, read with the PromQL parser as an equality selector. */
  static Labels labels(String metric) {
    if (metric.equals("{}")) {
      return Labels.EMPTY;
    }
    Expr expr = PromQL.parse(metric);
    if (!(expr instanceof Expr.VectorSelector vs)) {
      throw new IllegalArgumentException("not a series: " + metric);
    }
    List<io.tracemate.promql.engine.Label> labels = new ArrayList<>();
    for (LabelMatcher m : vs.allMatchers()) {
      if (m.type() != MatchType.EQUAL) {
        throw new IllegalArgumentException("series labels need =: " + metric);
      }
      labels.add(new io.tracemate.promql.engine.Label(m.name(), m.value()));
    }
    return Labels.of(labels);
  }
}
