package io.tracemate.promql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.tracemate.promql.syntax.Expr;
import io.tracemate.promql.syntax.Expr.Call;
import io.tracemate.promql.syntax.Expr.StringLiteral;
import io.tracemate.promql.syntax.Function;
import io.tracemate.promql.syntax.GoStrings;
import io.tracemate.promql.syntax.LabelMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code label_replace} and {@code label_join}: they change series labels, not values, so they work on whole
 * series; series that end up with the same labels are merged, and fail only if they overlap in time (Prometheus'
 * {@code mergeSeriesWithSameLabelset}). Setting {@code __name__} keeps the name even where an earlier function
 * would have dropped it.
 */
final class LabelFunctions {
  private final Evaluator ev;

  LabelFunctions(Evaluator ev) {
    this.ev = ev;
  }

  Value evaluate(Call call, Steps steps) {
    List<Expr> args = call.args();
    String dst = string(args.get(1));
    if (call.function() == Function.LABEL_REPLACE) {
      String replacement = string(args.get(2));
      String src = string(args.get(3));
      String regex = string(args.get(4));
      Pattern pattern;
      try {
        pattern = Pattern.compile("^(?s:" + regex + ")$");
      } catch (PatternSyntaxException e) {
        throw new QueryEvaluationException(
            "invalid regular expression in label_replace(): " + regex);
      }
      if (!GoStrings.isValidLabelName(dst)) {
        throw new QueryEvaluationException(
            "invalid destination label name in label_replace(): " + dst);
      }
      Value.VectorValue input = ev.vector(args.get(0), steps);
      List<StepSeries> out = new ArrayList<>(input.series().size());
      for (StepSeries s : input.series()) {
        Matcher m = pattern.matcher(s.labels.get(src));
        if (!m.matches()) {
          out.add(s);
          continue;
        }
        String value = expand(replacement, m, pattern);
        boolean dropName = dst.equals(LabelMatcher.METRIC_NAME) ? false : s.dropName;
        out.add(s.relabel(s.labels.with(dst, value), dropName));
      }
      return new Value.VectorValue(merge(out));
    }
    String separator = string(args.get(2));
    List<String> sources = new ArrayList<>();
    for (int i = 3; i < args.size(); i++) {
      String src = string(args.get(i));
      if (!GoStrings.isValidLabelName(src)) {
        throw new QueryEvaluationException("invalid source label name in label_join(): " + src);
      }
      sources.add(src);
    }
    if (!GoStrings.isValidLabelName(dst)) {
      throw new QueryEvaluationException("invalid destination label name in label_join(): " + dst);
    }
    Value.VectorValue input = ev.vector(args.get(0), steps);
    List<StepSeries> out = new ArrayList<>(input.series().size());
    for (StepSeries s : input.series()) {
      StringBuilder joined = new StringBuilder();
      for (int i = 0; i < sources.size(); i++) {
        if (i > 0) {
          joined.append(separator);
        }
        joined.append(s.labels.get(sources.get(i)));
      }
      boolean dropName = dst.equals(LabelMatcher.METRIC_NAME) ? false : s.dropName;
      out.add(s.relabel(s.labels.with(dst, joined.toString()), dropName));
    }
    return new Value.VectorValue(merge(out));
  }

  private static String string(Expr e) {
    return ((StringLiteral) Evaluator.unwrap(e)).value();
  }

  /**
   * Merges series with equal labels (the first one's name-dropping flag wins).
   *
   * @throws QueryEvaluationException when two of them have a point at the same time
   */
  static List<StepSeries> merge(List<StepSeries> series) {
    Map<Labels, List<StepSeries>> byLabels = new LinkedHashMap<>();
    for (StepSeries s : series) {
      byLabels.computeIfAbsent(s.labels, k -> new ArrayList<>(1)).add(s);
    }
    if (byLabels.size() == series.size()) {
      return series;
    }
    List<StepSeries> merged = new ArrayList<>(byLabels.size());
    for (List<StepSeries> group : byLabels.values()) {
      if (group.size() == 1) {
        merged.add(group.get(0));
        continue;
      }
      int total = 0;
      for (StepSeries s : group) {
        total += s.size();
      }
      long[][] points = new long[total][];
      double[] values = new double[total];
      int n = 0;
      for (StepSeries s : group) {
        for (int i = 0; i < s.size(); i++) {
          points[n] = new long[] {s.time(i), n};
          values[n] = s.value(i);
          n++;
        }
      }
      java.util.Arrays.sort(points, (a, b) -> Long.compare(a[0], b[0]));
      StepSeries first = group.get(0);
      StepSeries result = new StepSeries(first.labels, first.dropName, total);
      for (int i = 0; i < total; i++) {
        if (i > 0 && points[i][0] == points[i - 1][0]) {
          throw new QueryEvaluationException(
              "vector cannot contain metrics with the same labelset");
        }
        result.add(points[i][0], values[(int) points[i][1]]);
      }
      merged.add(result);
    }
    return merged;
  }

  /** Go's {@code regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
  static String expand(String template, Matcher match, Pattern pattern) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      i++;
      if (i < template.length() && template.charAt(i) == '$') {
        out.append('$');
        i++;
        continue;
      }
      boolean brace = i < template.length() && template.charAt(i) == '{';
      int start = brace ? i + 1 : i;
      int end = start;
      while (end < template.length()) {
        int cp = template.codePointAt(end);
        if (!Character.isLetter(cp) && !Character.isDigit(cp) && cp != '_') {
          break;
        }
        end += Character.charCount(cp);
      }
      if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
        out.append('$');
        continue;
      }
      String name = template.substring(start, end);
      i = brace ? end + 1 : end;
      int number = groupNumber(name);
      if (number >= 0) {
        if (number <= match.groupCount() && match.group(number) != null) {
          out.append(match.group(number));
        }
      } else if (pattern.namedGroups().containsKey(name)) {
        String group = match.group(name);
        if (group != null) {
          out.append(group);
        }
      }
    }
    return out.toString();
  }

  private static int groupNumber(String name) {
    int number = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9' || number >= 100_000_000) {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    if (name.charAt(0) == '0' && name.length() > 1) {
      return -1;
    }
    return number;
  }
}
