package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.syntax.PipelineStage;
import io.tracemate.logql.syntax.PipelineStage.LineFilter;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled log pipeline: every stage of a LogQL log query after the selector, in order. Compiling checks
 * regexes, patterns and templates, so a bad one fails the query before any data is read. Immutable and
 * thread-safe: all per-entry state lives in a {@link LabelsBuilder}.
 */
public final class Pipeline {
  private final List<Stage> stages;
  private final List<String> requiredSubstrings;

  private Pipeline(List<Stage> stages, List<String> requiredSubstrings) {
    this.stages = stages;
    this.requiredSubstrings = requiredSubstrings;
  }

  /**
   * Compiles for use outside a query (no deadline, default formatted line size).
   *
   * @throws io.tracemate.logql.engine.QueryEvaluationException for a bad regex, pattern or template
   */
  public static Pipeline compile(List<PipelineStage> stages) {
    return compile(stages, PipelineContext.unbounded());
  }

  /**
   * Compiles the stages of one query: their regexes stop when {@code context}'s cancellation does, and formatting
   * stops at its line size.
   *
   * @throws io.tracemate.logql.engine.QueryEvaluationException for a bad regex, pattern or template
   */
  public static Pipeline compile(List<PipelineStage> stages, PipelineContext context) {
    List<Stage> compiled = new ArrayList<>(stages.size());
    for (PipelineStage stage : stages) {
      compiled.add(compile(stage, context));
    }
    return new Pipeline(List.copyOf(compiled), pushdown(compiled));
  }

  private static Stage compile(PipelineStage stage, PipelineContext context) {
    return switch (stage) {
      case LineFilter filter -> new LineFilterStage(filter, context);
      case PipelineStage.JsonParser json ->
          json.extractions().isEmpty()
              ? ParserStages.json()
              : ParserStages.jsonExtract(json.extractions());
      case PipelineStage.LogfmtParser logfmt -> ParserStages.logfmt(logfmt);
      case PipelineStage.RegexpParser regexp -> ParserStages.regexp(regexp.regex(), context);
      case PipelineStage.PatternParser pattern -> ParserStages.pattern(pattern.pattern());
      case PipelineStage.UnpackParser unpack -> ParserStages.unpack();
      case PipelineStage.Decolorize decolorize -> FormatStages.decolorize();
      case PipelineStage.LabelFilterStage filter ->
          LabelFilterStage.compile(filter.filter(), context);
      case PipelineStage.LineFormat format -> FormatStages.lineFormat(format.template(), context);
      case PipelineStage.LabelFormat format -> FormatStages.labelFormat(format.items(), context);
      case PipelineStage.DropLabels drop -> FormatStages.drop(drop.labels());
      case PipelineStage.KeepLabels keep -> FormatStages.keep(keep.labels());
    };
  }

  /**
   * Literals every returned line must contain: those of the line filters before any other stage (later ones may
   * see a rewritten line): a single-valued {@code |=}, and what every match of a single-valued {@code |~} contains.
   */
  private static List<String> pushdown(List<Stage> stages) {
    List<String> literals = new ArrayList<>();
    for (Stage stage : stages) {
      if (!(stage instanceof LineFilterStage filter)) {
        break;
      }
      for (String literal : filter.requiredSubstrings()) {
        if (!literals.contains(literal)) {
          literals.add(literal);
        }
      }
    }
    return List.copyOf(literals);
  }

  /** The substrings the store may filter on ({@link io.tracemate.logs.LogReader#entries}). */
  public List<String> requiredSubstrings() {
    return requiredSubstrings;
  }

  /** Runs the stages; returns the builder (line and labels after the pipeline), or null when a stage dropped it. */
  public LabelsBuilder process(LabelSet stream, LogEntry entry) {
    LabelsBuilder builder = new LabelsBuilder(stream, entry);
    return process(builder) ? builder : null;
  }

  /** Runs the stages on an existing builder; false when a stage dropped the entry. */
  public boolean process(LabelsBuilder builder) {
    for (Stage stage : stages) {
      if (!stage.process(builder)) {
        return false;
      }
    }
    return true;
  }

  /** Compiles label filters (those after unwrap) into one stage. */
  public static Stage labelFilters(
      List<io.tracemate.logql.syntax.LabelFilter> filters, PipelineContext context) {
    List<Stage> compiled =
        filters.stream().map(filter -> LabelFilterStage.compile(filter, context)).toList();
    return entry -> {
      for (Stage stage : compiled) {
        if (!stage.process(entry)) {
          return false;
        }
      }
      return true;
    };
  }
}
