package io.tracemate.logql.syntax;

import static io.tracemate.logql.syntax.TokenType.*;

import io.tracemate.logql.syntax.PipelineStage.LabelExtraction;
import io.tracemate.logql.syntax.PipelineStage.LineFilterOp;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import io.tracemate.querysupport.MatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The log half of the grammar: stream selectors, pipeline stages (label filters via {@link LabelFilterParser}),
 * unwrap and the {@code [range] offset} argument of range aggregations. Recursive descent over a shared
 * {@link Cursor}.
 */
final class PipelineParser {
  private final Cursor cursor;
  private final LabelFilterParser labelFilters;

  PipelineParser(Cursor cursor) {
    this.cursor = cursor;
    this.labelFilters = new LabelFilterParser(cursor);
  }

  /** {@code selector pipeline*}, as a query of its own (unwrap not allowed). */
  LogSelectorExpr logQuery() {
    List<LabelMatcher> matchers = selector();
    return new LogSelectorExpr(matchers, pipeline(false).stages());
  }

  /**
   * A range aggregation argument. Accepts Loki's spellings: the pipeline before or after {@code [range]},
   * {@code offset} after the range, and parentheses around the selector/pipeline or the whole argument.
   */
  LogRange logRange() {
    RangeParts parts = rangeParts();
    if (parts.range == null) {
      throw cursor.unexpected(cursor.peek(), RANGE.display());
    }
    return new LogRange(
        new LogSelectorExpr(parts.matchers, parts.stages), parts.range, parts.offset, parts.unwrap);
  }

  private static final class RangeParts {
    private final List<LabelMatcher> matchers;
    private final List<PipelineStage> stages = new ArrayList<>();
    private Optional<Unwrap> unwrap = Optional.empty();
    private Duration range;
    private Duration offset = Duration.ZERO;

    RangeParts(List<LabelMatcher> matchers) {
      this.matchers = matchers;
    }

    void add(Pipeline pipeline) {
      stages.addAll(pipeline.stages());
      if (pipeline.unwrap().isPresent()) {
        unwrap = pipeline.unwrap();
      }
    }
  }

  private RangeParts rangeParts() {
    if (cursor.accept(OPEN_PARENTHESIS)) {
      cursor.descend();
      RangeParts inner;
      try {
        inner = rangeParts();
      } finally {
        cursor.ascend();
      }
      cursor.expect(CLOSE_PARENTHESIS);
      if (inner.range == null && cursor.at(RANGE)) {
        rangeAndOffset(inner);
      }
      return inner;
    }
    RangeParts parts = new RangeParts(selector());
    parts.add(pipeline(true));
    if (cursor.at(RANGE)) {
      rangeAndOffset(parts);
      if (parts.stages.isEmpty() && parts.unwrap.isEmpty()) {
        parts.add(pipeline(true));
      }
    }
    return parts;
  }

  private void rangeAndOffset(RangeParts parts) {
    parts.range = cursor.next().duration();
    if (cursor.accept(OFFSET)) {
      parts.offset = cursor.expect(DURATION).duration();
    }
  }

  /** {@code {matcher, ...}}; rejects selectors whose matchers all accept the empty value, as Loki does. */
  List<LabelMatcher> selector() {
    Token open = cursor.expect(OPEN_BRACE);
    List<LabelMatcher> matchers = new ArrayList<>();
    if (!cursor.at(CLOSE_BRACE)) {
      do {
        matchers.add(matcher());
      } while (cursor.accept(COMMA));
    }
    cursor.expect(CLOSE_BRACE, matchers.isEmpty() ? "IDENTIFIER or }" : "} or ,");
    if (Selectors.allMatchEmpty(matchers)) {
      throw cursor.error(open, Selectors.EMPTY_SELECTOR_MESSAGE);
    }
    return matchers;
  }

  private LabelMatcher matcher() {
    String name = cursor.expect(IDENTIFIER).text();
    MatchType type = matchType(cursor.peek());
    if (type == null) {
      throw cursor.unexpected(cursor.peek(), "= or != or =~ or !~");
    }
    cursor.next();
    Token value = cursor.expect(STRING);
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      RegexChecks.matcher(cursor, value, value.string());
    }
    return new LabelMatcher(name, type, value.string());
  }

  static MatchType matchType(Token token) {
    return switch (token.type()) {
      case EQ -> MatchType.EQUAL;
      case NEQ -> MatchType.NOT_EQUAL;
      case RE -> MatchType.REGEX;
      case NRE -> MatchType.NOT_REGEX;
      default -> null;
    };
  }

  /** Stages up to the first token that cannot continue a pipeline; an unwrap, when allowed, ends it. */
  record Pipeline(List<PipelineStage> stages, Optional<Unwrap> unwrap) {}

  Pipeline pipeline(boolean allowUnwrap) {
    List<PipelineStage> stages = new ArrayList<>();
    while (true) {
      LineFilterOp lineFilterOp = lineFilterOp(cursor.peek().type());
      if (lineFilterOp != null) {
        cursor.next();
        stages.add(lineFilter(lineFilterOp));
        continue;
      }
      if (!cursor.at(PIPE)) {
        return new Pipeline(stages, Optional.empty());
      }
      cursor.next();
      if (cursor.at(UNWRAP)) {
        if (!allowUnwrap) {
          throw cursor.error(
              cursor.peek(),
              "syntax error: unexpected UNWRAP, unwrap is only allowed inside a range aggregation");
        }
        cursor.next();
        return new Pipeline(stages, Optional.of(unwrap()));
      }
      stages.add(stage());
    }
  }

  private static LineFilterOp lineFilterOp(TokenType type) {
    return switch (type) {
      case PIPE_EXACT -> LineFilterOp.CONTAINS;
      case NEQ -> LineFilterOp.NOT_CONTAINS;
      case PIPE_MATCH -> LineFilterOp.REGEX;
      case NRE -> LineFilterOp.NOT_REGEX;
      case PIPE_PATTERN -> LineFilterOp.PATTERN;
      case NPA -> LineFilterOp.NOT_PATTERN;
      default -> null;
    };
  }

  private PipelineStage.LineFilter lineFilter(LineFilterOp op) {
    List<LineFilterValue> alternatives = new ArrayList<>();
    alternatives.add(lineFilterValue());
    // "or" continues the filter only when a value follows; otherwise it is left for the caller to
    // reject.
    while (cursor.at(OR) && (cursor.peek(1).type() == STRING || cursor.peek(1).type() == IP)) {
      cursor.next();
      alternatives.add(lineFilterValue());
    }
    return new PipelineStage.LineFilter(op, alternatives);
  }

  private LineFilterValue lineFilterValue() {
    if (cursor.accept(IP)) {
      cursor.expect(OPEN_PARENTHESIS);
      String pattern = cursor.expect(STRING).string();
      cursor.expect(CLOSE_PARENTHESIS);
      return new LineFilterValue(pattern, true);
    }
    return new LineFilterValue(cursor.expect(STRING, "STRING or IP").string(), false);
  }

  private PipelineStage stage() {
    Token token = cursor.peek();
    return switch (token.type()) {
      case JSON -> {
        cursor.next();
        yield new PipelineStage.JsonParser(extractions());
      }
      case LOGFMT -> {
        cursor.next();
        boolean strict = false;
        boolean keepEmpty = false;
        while (cursor.at(PARSER_FLAG)) {
          if (cursor.next().string().equals("--strict")) {
            strict = true;
          } else {
            keepEmpty = true;
          }
        }
        yield new PipelineStage.LogfmtParser(strict, keepEmpty, extractions());
      }
      case REGEXP -> {
        cursor.next();
        yield new PipelineStage.RegexpParser(cursor.expect(STRING).string());
      }
      case PATTERN -> {
        cursor.next();
        yield new PipelineStage.PatternParser(cursor.expect(STRING).string());
      }
      case UNPACK -> {
        cursor.next();
        yield new PipelineStage.UnpackParser();
      }
      case DECOLORIZE -> {
        cursor.next();
        yield new PipelineStage.Decolorize();
      }
      case LINE_FMT -> {
        cursor.next();
        yield new PipelineStage.LineFormat(cursor.expect(STRING).string());
      }
      case LABEL_FMT -> {
        cursor.next();
        yield labelFormat();
      }
      case DROP -> {
        cursor.next();
        yield new PipelineStage.DropLabels(namedLabels());
      }
      case KEEP -> {
        cursor.next();
        yield new PipelineStage.KeepLabels(namedLabels());
      }
      case IDENTIFIER, OPEN_PARENTHESIS -> new PipelineStage.LabelFilterStage(labelFilters.parse());
      default ->
          throw cursor.unexpected(
              token,
              "a parser, label filter, line_format, label_format, drop, keep, decolorize or unwrap");
    };
  }

  private List<LabelExtraction> extractions() {
    List<LabelExtraction> extractions = new ArrayList<>();
    if (!cursor.at(IDENTIFIER)) {
      return extractions;
    }
    do {
      String label = cursor.expect(IDENTIFIER).text();
      String expression = cursor.accept(EQ) ? cursor.expect(STRING).string() : label;
      extractions.add(new LabelExtraction(label, expression));
    } while (cursor.accept(COMMA));
    return extractions;
  }

  private PipelineStage.LabelFormat labelFormat() {
    List<PipelineStage.LabelFormatItem> items = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    do {
      Token target = cursor.expect(IDENTIFIER);
      cursor.expect(EQ);
      Token value = cursor.peek();
      PipelineStage.LabelFormatItem item =
          switch (value.type()) {
            case IDENTIFIER ->
                new PipelineStage.LabelFormatItem(target.text(), cursor.next().text(), false);
            case STRING ->
                new PipelineStage.LabelFormatItem(target.text(), cursor.next().string(), true);
            default -> throw cursor.unexpected(value, "IDENTIFIER or STRING");
          };
      if (!targets.add(target.text())) {
        throw cursor.error(
            target, "multiple label name '" + target.text() + "' in a single label_format");
      }
      items.add(item);
    } while (cursor.accept(COMMA));
    return new PipelineStage.LabelFormat(items);
  }

  private List<NamedLabel> namedLabels() {
    List<NamedLabel> labels = new ArrayList<>();
    do {
      String name = cursor.expect(IDENTIFIER).text();
      MatchType type = matchType(cursor.peek());
      if (type == null) {
        labels.add(new NamedLabel.LabelName(name));
      } else {
        cursor.next();
        Token value = cursor.expect(STRING);
        if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
          RegexChecks.matcher(cursor, value, value.string());
        }
        labels.add(new LabelMatcher(name, type, value.string()));
      }
    } while (cursor.accept(COMMA));
    return labels;
  }

  /** {@code | unwrap [conv(]label[)]} then {@code | labelFilter}* (the PIPE UNWRAP is consumed). */
  private Unwrap unwrap() {
    UnwrapConversion conversion = UnwrapConversion.NONE;
    String label;
    if (cursor.at(CONVERSION)) {
      conversion = UnwrapConversion.fromSymbol(cursor.next().string());
      cursor.expect(OPEN_PARENTHESIS);
      label = cursor.expect(IDENTIFIER).text();
      cursor.expect(CLOSE_PARENTHESIS);
    } else {
      label = cursor.expect(IDENTIFIER).text();
    }
    List<LabelFilter> postFilters = new ArrayList<>();
    while (cursor.at(PIPE)) {
      Token afterPipe = cursor.peek(1);
      if (afterPipe.type() != IDENTIFIER && afterPipe.type() != OPEN_PARENTHESIS) {
        throw cursor.error(
            afterPipe,
            "syntax error: unexpected "
                + afterPipe.describe()
                + ", only label filters may follow unwrap");
      }
      cursor.next();
      postFilters.add(labelFilters.parse());
    }
    return new Unwrap(label, conversion, postFilters);
  }
}
