package io.tracemate.logql.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.logql.syntax.PipelineStage.LineFilterOp;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import io.tracemate.logql.syntax.SampleExpr.Literal;
import io.tracemate.querysupport.BinaryOp;
import io.tracemate.querysupport.MatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Builds random valid trees (fixed seed, bounded size and count), prints them and parses the text back: the
 * printer and the parser must agree on every combination, not only the hand-written table.
 */
class RandomRoundTripTest {
  private static final int TREES = 400;

  /** Prometheus' operators but atan2, which LogQL does not have. */
  private static final BinaryOp[] LOGQL_OPERATORS =
      Arrays.stream(BinaryOp.values()).filter(op -> op != BinaryOp.ATAN2).toArray(BinaryOp[]::new);

  private static final String[] NAMES = {
    "app", "level", "pod", "_x", "status_code", "Ünïcode", "rate", "sum"
  };
  private static final String[] STRINGS = {
    "",
    "api",
    "a\"b",
    "back\\slash",
    "new\nline",
    "tab\there",
    "é€😀",
    "{{.level}}",
    "ctrl\u0001char",
    "x.y[0]"
  };

  private final Random random = new Random(20261121L);

  @Test
  void randomTreesSurvivePrintAndParse() {
    for (int i = 0; i < TREES; i++) {
      Expr tree = random.nextInt(4) == 0 ? logQuery() : sample(3);
      String printed = tree.toString();
      Expr reparsed = LogQL.parse(printed);
      assertThat(reparsed).as(printed).isEqualTo(tree);
      assertThat(reparsed.toString()).isEqualTo(printed);
    }
  }

  private SampleExpr sample(int depth) {
    int choice = depth <= 0 ? random.nextInt(3) : random.nextInt(7);
    return switch (choice) {
      case 0 -> new Literal(number());
      case 1 -> new SampleExpr.VectorLiteral(number());
      case 2 -> rangeAggregation();
      case 3, 4 -> binary(depth);
      case 5 -> vectorAggregation(depth);
      default -> new SampleExpr.LabelReplace(sample(depth - 1), name(), string(), name(), string());
    };
  }

  private SampleExpr binary(int depth) {
    BinaryOp op = pick(LOGQL_OPERATORS);
    SampleExpr left = sample(depth - 1);
    SampleExpr right = sample(depth - 1);
    if (op.isSetOperator()) {
      left = left instanceof Literal ? new SampleExpr.VectorLiteral(1) : left;
      right = right instanceof Literal ? new SampleExpr.VectorLiteral(2) : right;
    }
    boolean returnBool =
        op.isComparison()
            && (random.nextBoolean() || (left instanceof Literal && right instanceof Literal));
    BinaryModifier modifier;
    if (random.nextBoolean()) {
      BinaryModifier.Cardinality cardinality =
          op.isSetOperator()
              ? BinaryModifier.Cardinality.ONE_TO_ONE
              : pick(BinaryModifier.Cardinality.values());
      List<String> include =
          cardinality == BinaryModifier.Cardinality.ONE_TO_ONE ? List.of() : names(0);
      modifier =
          new BinaryModifier(returnBool, random.nextBoolean(), names(0), cardinality, include);
    } else {
      modifier = returnBool ? BinaryModifier.returningBool() : BinaryModifier.NONE;
    }
    return new SampleExpr.BinaryOperation(op, left, right, modifier);
  }

  private SampleExpr vectorAggregation(int depth) {
    VectorOp op = pick(VectorOp.values());
    OptionalInt k =
        op.takesParameter() ? OptionalInt.of(1 + random.nextInt(20)) : OptionalInt.empty();
    Optional<Grouping> grouping =
        op.allowsGrouping() && random.nextBoolean()
            ? Optional.of(new Grouping(random.nextBoolean(), names(0)))
            : Optional.empty();
    return new SampleExpr.VectorAggregation(op, sample(depth - 1), k, grouping);
  }

  private SampleExpr rangeAggregation() {
    RangeOp op = pick(RangeOp.values());
    boolean unwrap = op.requiresUnwrap() || (op.allowsUnwrap() && random.nextBoolean());
    Optional<Unwrap> unwrapClause =
        unwrap
            ? Optional.of(new Unwrap(name(), pick(UnwrapConversion.values()), labelFilters()))
            : Optional.empty();
    Duration offset = random.nextBoolean() ? Duration.ZERO : duration();
    LogRange range = new LogRange(logQuery(), duration(), offset, unwrapClause);
    OptionalDouble parameter =
        op.takesParameter() ? OptionalDouble.of(number()) : OptionalDouble.empty();
    Optional<Grouping> grouping =
        op.allowsGrouping() && random.nextBoolean()
            ? Optional.of(new Grouping(random.nextBoolean(), names(1)))
            : Optional.empty();
    return new SampleExpr.RangeAggregation(op, range, parameter, grouping);
  }

  private LogSelectorExpr logQuery() {
    List<LabelMatcher> matchers = new ArrayList<>();
    matchers.add(new LabelMatcher(name(), MatchType.EQUAL, "v" + random.nextInt(100)));
    for (int i = random.nextInt(3); i > 0; i--) {
      matchers.add(new LabelMatcher(name(), pick(MatchType.values()), string()));
    }
    List<PipelineStage> stages = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      stages.add(stage());
    }
    return new LogSelectorExpr(matchers, stages);
  }

  private PipelineStage stage() {
    return switch (random.nextInt(12)) {
      case 0 ->
          new PipelineStage.LineFilter(
              pick(LineFilterOp.values()),
              List.of(
                  new LineFilterValue(string(), random.nextBoolean()),
                  new LineFilterValue(string(), false)));
      case 1 -> new PipelineStage.JsonParser(extractions());
      case 2 ->
          new PipelineStage.LogfmtParser(random.nextBoolean(), random.nextBoolean(), extractions());
      case 3 -> new PipelineStage.RegexpParser(string());
      case 4 -> new PipelineStage.PatternParser(string());
      case 5 ->
          random.nextBoolean() ? new PipelineStage.UnpackParser() : new PipelineStage.Decolorize();
      case 6 -> new PipelineStage.LineFormat(string());
      case 7 ->
          new PipelineStage.LabelFormat(
              List.of(
                  new PipelineStage.LabelFormatItem("t1", name(), false),
                  new PipelineStage.LabelFormatItem("t2", string(), true)));
      case 8 -> new PipelineStage.DropLabels(namedLabels());
      case 9 -> new PipelineStage.KeepLabels(namedLabels());
      default -> new PipelineStage.LabelFilterStage(labelFilter(2));
    };
  }

  private List<PipelineStage.LabelExtraction> extractions() {
    List<PipelineStage.LabelExtraction> extractions = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      String label = name();
      extractions.add(
          new PipelineStage.LabelExtraction(label, random.nextBoolean() ? label : string()));
    }
    return extractions;
  }

  private List<NamedLabel> namedLabels() {
    return List.of(
        new NamedLabel.LabelName(name()),
        new LabelMatcher(name(), pick(MatchType.values()), string()));
  }

  private List<LabelFilter> labelFilters() {
    List<LabelFilter> filters = new ArrayList<>();
    for (int i = random.nextInt(3); i > 0; i--) {
      filters.add(labelFilter(2));
    }
    return filters;
  }

  private LabelFilter labelFilter(int depth) {
    int choice = depth <= 0 ? random.nextInt(5) : random.nextInt(7);
    return switch (choice) {
      case 0 ->
          new LabelFilter.StringMatch(new LabelMatcher(name(), pick(MatchType.values()), string()));
      case 1 -> new LabelFilter.IpMatch(name(), random.nextBoolean(), "10.0.0.0/8");
      case 2 -> new LabelFilter.NumericCompare(name(), pick(ComparisonOp.values()), number());
      case 3 -> new LabelFilter.DurationCompare(name(), pick(ComparisonOp.values()), duration());
      case 4 ->
          new LabelFilter.BytesCompare(
              name(), pick(ComparisonOp.values()), random.nextInt(1 << 30));
      case 5 -> new LabelFilter.And(labelFilter(depth - 1), labelFilter(depth - 1));
      default -> new LabelFilter.Or(labelFilter(depth - 1), labelFilter(depth - 1));
    };
  }

  private double number() {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt(1000) - 500;
      case 1 -> random.nextDouble() * 10 - 5;
      case 2 -> Math.pow(10, random.nextInt(40) - 20);
      default -> random.nextInt(5);
    };
  }

  private Duration duration() {
    return switch (random.nextInt(3)) {
      case 0 -> Duration.ofSeconds(1 + random.nextInt(100_000));
      case 1 -> Duration.ofMillis(1 + random.nextInt(10_000));
      default -> Duration.ofNanos(1 + random.nextLong(1_000_000_000_000_000L));
    };
  }

  private List<String> names(int minimum) {
    List<String> names = new ArrayList<>();
    for (int i = minimum + random.nextInt(3); i > 0; i--) {
      names.add(name());
    }
    return names;
  }

  private String name() {
    return pick(NAMES);
  }

  private String string() {
    return pick(STRINGS);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }
}
