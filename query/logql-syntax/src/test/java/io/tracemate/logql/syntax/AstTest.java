package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.logql.syntax.PipelineStage.LabelExtraction;
import io.tracemate.logql.syntax.PipelineStage.LineFilter;
import io.tracemate.logql.syntax.PipelineStage.LineFilterOp;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import io.tracemate.logql.syntax.SampleExpr.RangeAggregation;
import io.tracemate.logql.syntax.SampleExpr.VectorAggregation;
import io.tracemate.querysupport.BinaryOp;
import io.tracemate.querysupport.MatchType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Queries whose expected tree is spelled out, so the parser's structure (not only its printing) is checked. */
class AstTest {
  private static final LabelMatcher APP_API = new LabelMatcher("app", MatchType.EQUAL, "api");

  @Test
  void selectorWithLineFiltersAndParser() {
    assertThat(
            LogQL.parse(
                "{app=\"api\", pod!~`web-.*`} |= \"a\" or ip(\"1.1.1.1\") !> \"<_> x\" | json a=\"b.c\", d"))
        .isEqualTo(
            new LogSelectorExpr(
                List.of(APP_API, new LabelMatcher("pod", MatchType.NOT_REGEX, "web-.*")),
                List.of(
                    new LineFilter(
                        LineFilterOp.CONTAINS,
                        List.of(
                            new LineFilterValue("a", false), new LineFilterValue("1.1.1.1", true))),
                    new LineFilter(
                        LineFilterOp.NOT_PATTERN, List.of(new LineFilterValue("<_> x", false))),
                    new PipelineStage.JsonParser(
                        List.of(new LabelExtraction("a", "b.c"), new LabelExtraction("d", "d"))))));
  }

  @Test
  void stringEscapesAndRawStrings() {
    LogSelectorExpr expr =
        LogQL.parseLogQuery("{app=\"q\\\"x\\\\y\\n\\t\\u00e9\\x41\\101\"} |~ `\\d+\"`");
    assertThat(expr.matchers().get(0).value()).isEqualTo("q\"x\\y\n\té" + "AA");
    assertThat(expr.pipeline().get(0))
        .isEqualTo(
            new LineFilter(LineFilterOp.REGEX, List.of(new LineFilterValue("\\d+\"", false))));
    assertThat(LogQL.parse(expr.toString())).isEqualTo(expr);
  }

  @Test
  void labelFilterAndBindsTighterThanOr() {
    LogSelectorExpr expr =
        LogQL.parseLogQuery("{app=\"api\"} | x=\"1\" or y > 2 and z < 3s, w >= 1MB");
    LabelFilter x = new LabelFilter.StringMatch(new LabelMatcher("x", MatchType.EQUAL, "1"));
    LabelFilter y = new LabelFilter.NumericCompare("y", ComparisonOp.GREATER, 2);
    LabelFilter z = new LabelFilter.DurationCompare("z", ComparisonOp.LESS, Duration.ofSeconds(3));
    LabelFilter w = new LabelFilter.BytesCompare("w", ComparisonOp.GREATER_OR_EQUAL, 1_000_000);
    assertThat(expr.pipeline())
        .containsExactly(
            new PipelineStage.LabelFilterStage(
                new LabelFilter.Or(x, new LabelFilter.And(new LabelFilter.And(y, z), w))));
  }

  @Test
  void rangeAggregationWithUnwrapOffsetParameterAndGrouping() {
    Expr expr =
        LogQL.parse(
            "quantile_over_time(0.99, {app=\"api\"} | logfmt | unwrap duration(latency)"
                + " | latency > 1s [5m] offset 1h) by (route)");
    assertThat(expr)
        .isEqualTo(
            new RangeAggregation(
                RangeOp.QUANTILE_OVER_TIME,
                new LogRange(
                    new LogSelectorExpr(
                        List.of(APP_API),
                        List.of(new PipelineStage.LogfmtParser(false, false, List.of()))),
                    Duration.ofMinutes(5),
                    Duration.ofHours(1),
                    Optional.of(
                        new Unwrap(
                            "latency",
                            UnwrapConversion.DURATION,
                            List.of(
                                new LabelFilter.DurationCompare(
                                    "latency", ComparisonOp.GREATER, Duration.ofSeconds(1)))))),
                OptionalDouble.of(0.99),
                Optional.of(new Grouping(false, List.of("route")))));
  }

  @Test
  void vectorAggregationGroupingBeforeAndAfterIsTheSameTree() {
    Expr before = LogQL.parse("topk by (a) (3, rate({app=\"api\"}[1m]))");
    Expr after = LogQL.parse("topk(3, rate({app=\"api\"}[1m])) by (a)");
    assertThat(before)
        .isEqualTo(after)
        .isEqualTo(
            new VectorAggregation(
                VectorOp.TOPK,
                new RangeAggregation(
                    RangeOp.RATE,
                    new LogRange(new LogSelectorExpr(List.of(APP_API)), Duration.ofMinutes(1))),
                OptionalInt.of(3),
                Optional.of(new Grouping(false, List.of("a")))));
  }

  @Test
  void atan2IsNoLogQLOperator() {
    assertThatThrownBy(
            () ->
                new SampleExpr.BinaryOperation(
                    BinaryOp.ATAN2, new SampleExpr.Literal(1), new SampleExpr.Literal(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("atan2");
    assertThatThrownBy(() -> LogQL.parse("vector(1) atan2 vector(2)"))
        .isInstanceOf(LogQLParseException.class);
  }

  @Test
  void binaryModifiers() {
    SampleExpr.BinaryOperation expr =
        (SampleExpr.BinaryOperation)
            LogQL.parse("vector(1) >= bool ignoring(a, b) group_right(c) vector(2)");
    assertThat(expr.op()).isEqualTo(BinaryOp.GREATER_OR_EQUAL);
    assertThat(expr.modifier())
        .isEqualTo(
            new BinaryModifier(
                true,
                false,
                List.of("a", "b"),
                BinaryModifier.Cardinality.ONE_TO_MANY,
                List.of("c")));
  }

  @Test
  void functionNamesAreLabelNamesWhenNotCalled() {
    assertThat(LogQL.parse("rate({app=\"api\"} | unwrap bytes [1m])"))
        .isEqualTo(
            new RangeAggregation(
                RangeOp.RATE,
                new LogRange(
                    new LogSelectorExpr(List.of(APP_API)),
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    Optional.of(new Unwrap("bytes")))));
  }

  @Test
  void logSelectorsListsEveryStreamSelectorLeftToRight() {
    Expr expr =
        LogQL.parse(
            "sum(rate({a=\"1\"}[1m])) / label_replace(rate({b=\"2\"} |= \"x\" [1m]), \"d\", \"r\", \"s\", \".*\") + 1");
    assertThat(expr.logSelectors())
        .extracting(Object::toString)
        .containsExactly("{a=\"1\"}", "{b=\"2\"} |= \"x\"");
    assertThat(LogQL.parse("vector(1)").logSelectors()).isEmpty();
    assertThat(LogQL.parse("{a=\"1\"} | json").logSelectors()).hasSize(1);
  }

  @Test
  void typedEntryPoints() {
    assertThat(LogQL.parseMetricQuery("vector(1) + vector(1)"))
        .isInstanceOf(SampleExpr.BinaryOperation.class);
    assertThat(LogQL.parseLogQuery("{a=\"1\"}").matchers())
        .containsExactly(new LabelMatcher("a", MatchType.EQUAL, "1"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogQL.parseMetricQuery("{a=\"1\"}"))
        .isInstanceOf(LogQLParseException.class)
        .hasMessageContaining("expecting a metric query");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogQL.parseLogQuery("vector(1)"))
        .isInstanceOf(LogQLParseException.class)
        .hasMessageContaining("expecting a log query");
  }
}
