package io.tracemate.logql.syntax;

import io.tracemate.common.units.PrometheusDuration;
import io.tracemate.logql.syntax.PipelineStage.LabelExtraction;
import io.tracemate.logql.syntax.PipelineStage.LineFilterValue;
import io.tracemate.logql.syntax.SampleExpr.BinaryOperation;
import io.tracemate.querysupport.BinaryOp;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints AST nodes as canonical LogQL: one spelling per tree (lower-case keywords, {@code "..."} strings,
 * Prometheus durations, bytes as {@code <n>B}, grouping before the parentheses) and only the parentheses the
 * precedence rules need, so that parsing the output yields an equal tree. Stateless.
 */
final class Printer {
  private static final int OR_PRECEDENCE = 1;
  private static final int AND_PRECEDENCE = 2;
  private static final int LEAF_PRECEDENCE = 3;

  private Printer() {}

  static String print(Expr expr) {
    return render(out -> expr(out, expr));
  }

  static String print(PipelineStage stage) {
    return render(out -> stage(out, stage));
  }

  static String print(LabelFilter filter) {
    return render(out -> labelFilter(out, filter, 0, false));
  }

  static String print(LabelMatcher matcher) {
    return render(out -> matcher(out, matcher));
  }

  static String print(LogRange range) {
    return render(out -> logRange(out, range));
  }

  static String print(Grouping grouping) {
    return (grouping.without() ? "without (" : "by (") + String.join(", ", grouping.labels()) + ")";
  }

  private static String render(Consumer<StringBuilder> printer) {
    StringBuilder out = new StringBuilder();
    printer.accept(out);
    return out.toString();
  }

  private static void expr(StringBuilder out, Expr expr) {
    switch (expr) {
      case LogSelectorExpr log -> logSelector(out, log);
      case SampleExpr.RangeAggregation aggregation -> {
        out.append(aggregation.op().symbol()).append('(');
        aggregation.parameter().ifPresent(parameter -> out.append(number(parameter)).append(", "));
        logRange(out, aggregation.range());
        out.append(')');
        aggregation.grouping().ifPresent(grouping -> out.append(' ').append(print(grouping)));
      }
      case SampleExpr.VectorAggregation aggregation -> {
        out.append(aggregation.op().symbol());
        aggregation
            .grouping()
            .ifPresent(grouping -> out.append(' ').append(print(grouping)).append(' '));
        out.append('(');
        aggregation.parameter().ifPresent(k -> out.append(k).append(", "));
        expr(out, aggregation.inner());
        out.append(')');
      }
      case BinaryOperation binary -> binary(out, binary);
      case SampleExpr.Literal literal -> out.append(number(literal.value()));
      case SampleExpr.VectorLiteral vector ->
          out.append("vector(").append(number(vector.value())).append(')');
      case SampleExpr.LabelReplace replace -> {
        out.append("label_replace(");
        expr(out, replace.inner());
        for (String argument :
            List.of(
                replace.destination(), replace.replacement(), replace.source(), replace.regex())) {
          out.append(", ").append(quote(argument));
        }
        out.append(')');
      }
    }
  }

  private static void logSelector(StringBuilder out, LogSelectorExpr log) {
    out.append('{');
    for (int i = 0; i < log.matchers().size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      matcher(out, log.matchers().get(i));
    }
    out.append('}');
    for (PipelineStage stage : log.pipeline()) {
      out.append(' ');
      stage(out, stage);
    }
  }

  private static void matcher(StringBuilder out, LabelMatcher matcher) {
    out.append(matcher.name()).append(matcher.type().symbol()).append(quote(matcher.value()));
  }

  private static void logRange(StringBuilder out, LogRange range) {
    logSelector(out, range.selector());
    range
        .unwrap()
        .ifPresent(
            unwrap -> {
              out.append(" | unwrap ");
              if (unwrap.conversion() == UnwrapConversion.NONE) {
                out.append(unwrap.label());
              } else {
                out.append(unwrap.conversion().symbol())
                    .append('(')
                    .append(unwrap.label())
                    .append(')');
              }
              for (LabelFilter filter : unwrap.postFilters()) {
                out.append(" | ");
                labelFilter(out, filter, 0, false);
              }
            });
    out.append(" [").append(PrometheusDuration.format(range.range())).append(']');
    if (!range.offset().isZero()) {
      out.append(" offset ").append(PrometheusDuration.format(range.offset()));
    }
  }

  private static void stage(StringBuilder out, PipelineStage stage) {
    switch (stage) {
      case PipelineStage.LineFilter filter -> {
        out.append(filter.op().symbol()).append(' ');
        for (int i = 0; i < filter.alternatives().size(); i++) {
          if (i > 0) {
            out.append(" or ");
          }
          LineFilterValue value = filter.alternatives().get(i);
          out.append(value.ip() ? "ip(" + quote(value.value()) + ")" : quote(value.value()));
        }
      }
      case PipelineStage.JsonParser json -> {
        out.append("| json");
        extractions(out, json.extractions());
      }
      case PipelineStage.LogfmtParser logfmt -> {
        out.append("| logfmt");
        if (logfmt.strict()) {
          out.append(" --strict");
        }
        if (logfmt.keepEmpty()) {
          out.append(" --keep-empty");
        }
        extractions(out, logfmt.extractions());
      }
      case PipelineStage.RegexpParser regexp ->
          out.append("| regexp ").append(quote(regexp.regex()));
      case PipelineStage.PatternParser pattern ->
          out.append("| pattern ").append(quote(pattern.pattern()));
      case PipelineStage.UnpackParser unpack -> out.append("| unpack");
      case PipelineStage.Decolorize decolorize -> out.append("| decolorize");
      case PipelineStage.LabelFilterStage filter -> {
        out.append("| ");
        labelFilter(out, filter.filter(), 0, false);
      }
      case PipelineStage.LineFormat format ->
          out.append("| line_format ").append(quote(format.template()));
      case PipelineStage.LabelFormat format -> {
        out.append("| label_format ");
        for (int i = 0; i < format.items().size(); i++) {
          PipelineStage.LabelFormatItem item = format.items().get(i);
          out.append(i > 0 ? ", " : "")
              .append(item.target())
              .append('=')
              .append(item.template() ? quote(item.value()) : item.value());
        }
      }
      case PipelineStage.DropLabels drop -> namedLabels(out.append("| drop "), drop.labels());
      case PipelineStage.KeepLabels keep -> namedLabels(out.append("| keep "), keep.labels());
    }
  }

  private static void extractions(StringBuilder out, List<LabelExtraction> extractions) {
    for (int i = 0; i < extractions.size(); i++) {
      LabelExtraction extraction = extractions.get(i);
      out.append(i == 0 ? " " : ", ").append(extraction.label());
      if (!extraction.expression().equals(extraction.label())) {
        out.append('=').append(quote(extraction.expression()));
      }
    }
  }

  private static void namedLabels(StringBuilder out, List<NamedLabel> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      switch (labels.get(i)) {
        case LabelMatcher matcher -> matcher(out, matcher);
        case NamedLabel.LabelName name -> out.append(name.name());
      }
    }
  }

  /** Parenthesizes a child that binds looser than its parent, or equally tight on the right (left-assoc). */
  private static void labelFilter(
      StringBuilder out, LabelFilter filter, int parentPrecedence, boolean right) {
    int precedence =
        switch (filter) {
          case LabelFilter.Or or -> OR_PRECEDENCE;
          case LabelFilter.And and -> AND_PRECEDENCE;
          default -> LEAF_PRECEDENCE;
        };
    boolean parenthesize =
        precedence < parentPrecedence || (precedence == parentPrecedence && right);
    if (parenthesize) {
      out.append('(');
    }
    switch (filter) {
      case LabelFilter.Or or -> {
        labelFilter(out, or.left(), OR_PRECEDENCE, false);
        out.append(" or ");
        labelFilter(out, or.right(), OR_PRECEDENCE, true);
      }
      case LabelFilter.And and -> {
        labelFilter(out, and.left(), AND_PRECEDENCE, false);
        out.append(" and ");
        labelFilter(out, and.right(), AND_PRECEDENCE, true);
      }
      case LabelFilter.StringMatch match -> matcher(out, match.matcher());
      case LabelFilter.IpMatch ip ->
          out.append(ip.label())
              .append(ip.negated() ? "!=" : "=")
              .append("ip(")
              .append(quote(ip.pattern()))
              .append(')');
      case LabelFilter.NumericCompare compare ->
          out.append(compare.label()).append(compare.op().symbol()).append(number(compare.value()));
      case LabelFilter.DurationCompare compare ->
          out.append(compare.label())
              .append(compare.op().symbol())
              .append(PrometheusDuration.format(compare.value()));
      case LabelFilter.BytesCompare compare ->
          out.append(compare.label())
              .append(compare.op().symbol())
              .append(compare.value())
              .append('B');
    }
    if (parenthesize) {
      out.append(')');
    }
  }

  private static void binary(StringBuilder out, BinaryOperation binary) {
    operand(out, binary.left(), binary.op(), false);
    out.append(' ').append(binary.op().symbol());
    BinaryModifier modifier = binary.modifier();
    if (modifier.returnBool()) {
      out.append(" bool");
    }
    boolean grouped = modifier.cardinality() != BinaryModifier.Cardinality.ONE_TO_ONE;
    if (modifier.on() || !modifier.matchingLabels().isEmpty() || grouped) {
      out.append(modifier.on() ? " on(" : " ignoring(")
          .append(String.join(", ", modifier.matchingLabels()))
          .append(')');
    }
    if (grouped) {
      // Always with parentheses: a bare group_left followed by "(expr)" would read as its label
      // list.
      out.append(
              modifier.cardinality() == BinaryModifier.Cardinality.MANY_TO_ONE
                  ? " group_left("
                  : " group_right(")
          .append(String.join(", ", modifier.include()))
          .append(')');
    }
    out.append(' ');
    operand(out, binary.right(), binary.op(), true);
  }

  private static void operand(
      StringBuilder out, SampleExpr operand, BinaryOp parent, boolean right) {
    boolean parenthesize =
        operand instanceof BinaryOperation child && needsParentheses(child.op(), parent, right);
    if (parenthesize) {
      out.append('(');
    }
    expr(out, operand);
    if (parenthesize) {
      out.append(')');
    }
  }

  private static boolean needsParentheses(BinaryOp child, BinaryOp parent, boolean right) {
    if (child.precedence() != parent.precedence()) {
      return child.precedence() < parent.precedence();
    }
    return right != parent.rightAssociative();
  }

  /** Integral values without a fraction; otherwise Java's shortest round-tripping form (may use E notation). */
  static String number(double value) {
    if (value == 0 && Double.doubleToRawLongBits(value) != 0) {
      return "-0";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** Double-quoted with Go escapes, so the lexer reads back the same string. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
