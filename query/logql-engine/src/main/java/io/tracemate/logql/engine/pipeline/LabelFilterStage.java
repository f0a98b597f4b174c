package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.syntax.ComparisonOp;
import io.tracemate.logql.syntax.LabelFilter;
import io.tracemate.logs.LabelMatcher;

/**
 * Label filter expressions with Loki's semantics: string matchers compare the value ("" when absent); numeric,
 * duration and bytes comparisons drop entries without the label, let entries that already carry an error through
 * (only {@code __error__} filters may drop them) and, when the value does not convert, set
 * {@code __error__="LabelFilterErr"} and keep the entry. {@code and} stops at the first false, {@code or} at the
 * first true. Immutable.
 */
final class LabelFilterStage {
  static final String LABEL_FILTER_ERROR = "LabelFilterErr";

  private LabelFilterStage() {}

  static Stage compile(LabelFilter filter, PipelineContext context) {
    return switch (filter) {
      case LabelFilter.StringMatch match -> {
        LabelMatcher matcher = Matchers.toStore(match.matcher());
        if (matcher.regex() == null) {
          yield entry -> matcher.matches(entry.get(matcher.name()));
        }
        boolean negated = matcher.type() == LabelMatcher.Type.NRE;
        yield entry -> {
          String value = entry.get(matcher.name());
          return negated != context.matches(matcher.regex(), value == null ? "" : value);
        };
      }
      case LabelFilter.IpMatch ip -> {
        IpMatcher matcher = IpMatcher.compile(ip.pattern());
        yield entry -> {
          String value = entry.get(ip.label());
          boolean in = value != null && matcher.matchesAddress(value);
          return ip.negated() != in;
        };
      }
      case LabelFilter.NumericCompare numeric ->
          converting(numeric.label(), numeric.op(), numeric.value(), GoValues::parseFloat);
      case LabelFilter.DurationCompare duration ->
          converting(
              duration.label(),
              duration.op(),
              duration.value().toNanos() / 1e9,
              GoValues::parseDurationSeconds);
      case LabelFilter.BytesCompare bytes ->
          converting(bytes.label(), bytes.op(), bytes.value(), GoValues::parseBytes);
      case LabelFilter.And and -> {
        Stage left = compile(and.left(), context);
        Stage right = compile(and.right(), context);
        yield entry -> left.process(entry) && right.process(entry);
      }
      case LabelFilter.Or or -> {
        Stage left = compile(or.left(), context);
        Stage right = compile(or.right(), context);
        yield entry -> left.process(entry) || right.process(entry);
      }
    };
  }

  private interface Conversion {
    double convert(String value);
  }

  private static Stage converting(
      String label, ComparisonOp op, double expected, Conversion conversion) {
    return entry -> {
      if (entry.hasError()) {
        return true;
      }
      String value = entry.get(label);
      if (value == null) {
        return false;
      }
      double actual;
      try {
        actual = conversion.convert(value);
      } catch (IllegalArgumentException e) {
        entry.setError(LABEL_FILTER_ERROR, e.getMessage());
        return true;
      }
      return compare(actual, op, expected);
    };
  }

  static boolean compare(double actual, ComparisonOp op, double expected) {
    return switch (op) {
      case EQUAL -> actual == expected;
      case NOT_EQUAL -> actual != expected;
      case GREATER -> actual > expected;
      case GREATER_OR_EQUAL -> actual >= expected;
      case LESS -> actual < expected;
      case LESS_OR_EQUAL -> actual <= expected;
    };
  }
}
