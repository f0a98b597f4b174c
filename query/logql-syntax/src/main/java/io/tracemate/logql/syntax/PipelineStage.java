package io.tracemate.logql.syntax;

import java.util.List;
import java.util.Objects;

/**
 * One stage of a log pipeline, applied to each line in order. Immutable records; {@code toString()} prints the
 * stage as canonical LogQL (e.g. {@code | json}, {@code |= "error"}).
 */
public sealed interface PipelineStage {

  /** Line filter operators. */
  enum LineFilterOp {
    CONTAINS("|="),
    NOT_CONTAINS("!="),
    REGEX("|~"),
    NOT_REGEX("!~"),
    PATTERN("|>"),
    NOT_PATTERN("!>");

    private final String symbol;

    LineFilterOp(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** One alternative of a line filter: a literal / regex / pattern, or {@code ip("...")} when {@code ip}. */
  record LineFilterValue(String value, boolean ip) {
    public LineFilterValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * {@code |= "a" or "b"}: keeps lines matching any alternative (for negated operators: none of them).
   * Chained filters are separate stages.
   */
  record LineFilter(LineFilterOp op, List<LineFilterValue> alternatives) implements PipelineStage {
    public LineFilter {
      Objects.requireNonNull(op, "op");
      alternatives = List.copyOf(alternatives);
      if (alternatives.isEmpty()) {
        throw new IllegalArgumentException("a line filter needs at least one value");
      }
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code label="expression"} of a json/logfmt parser; a bare {@code label} has expression == label. */
  record LabelExtraction(String label, String expression) {
    public LabelExtraction {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(expression, "expression");
    }
  }

  /** {@code | json} (all fields) or {@code | json a="x.y", b} (only those). */
  record JsonParser(List<LabelExtraction> extractions) implements PipelineStage {
    public JsonParser {
      extractions = List.copyOf(extractions);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | logfmt [--strict] [--keep-empty] [fields]}. */
  record LogfmtParser(boolean strict, boolean keepEmpty, List<LabelExtraction> extractions)
      implements PipelineStage {
    public LogfmtParser {
      extractions = List.copyOf(extractions);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | regexp "(?P<name>re)"}: named groups become labels. */
  record RegexpParser(String regex) implements PipelineStage {
    public RegexpParser {
      Objects.requireNonNull(regex, "regex");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | pattern "<ip> - <_> ..."}. */
  record PatternParser(String pattern) implements PipelineStage {
    public PatternParser {
      Objects.requireNonNull(pattern, "pattern");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | unpack}: Promtail "pack" JSON, {@code _entry} replaces the line. */
  record UnpackParser() implements PipelineStage {
    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | decolorize}: strips ANSI colour sequences. */
  record Decolorize() implements PipelineStage {
    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | <label filter expression>}. */
  record LabelFilterStage(LabelFilter filter) implements PipelineStage {
    public LabelFilterStage {
      Objects.requireNonNull(filter, "filter");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | line_format "{{.level}} {{.msg}}"}: Go template, not validated here. */
  record LineFormat(String template) implements PipelineStage {
    public LineFormat {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code dst=src} (rename, {@code template} false) or {@code dst="{{...}}"} (template). */
  record LabelFormatItem(String target, String value, boolean template) {
    public LabelFormatItem {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code | label_format a=b, c="{{.d}}"}; each target appears once. */
  record LabelFormat(List<LabelFormatItem> items) implements PipelineStage {
    public LabelFormat {
      items = List.copyOf(items);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | drop a, b="v"}. */
  record DropLabels(List<NamedLabel> labels) implements PipelineStage {
    public DropLabels {
      labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }

  /** {@code | keep a, b="v"}. */
  record KeepLabels(List<NamedLabel> labels) implements PipelineStage {
    public KeepLabels {
      labels = List.copyOf(labels);
    }

    @Override
    public String toString() {
      return Printer.print(this);
    }
  }
}
