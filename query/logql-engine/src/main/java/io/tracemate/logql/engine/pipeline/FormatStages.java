package io.tracemate.logql.engine.pipeline;

import io.tracemate.logql.engine.template.GoTemplate;
import io.tracemate.logql.syntax.NamedLabel;
import io.tracemate.logql.syntax.PipelineStage.LabelFormatItem;
import io.tracemate.logs.LabelMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** line_format, label_format, drop, keep and decolorize. Immutable. */
final class FormatStages {
  static final String TEMPLATE_ERROR = "TemplateFormatErr";

  /** ANSI escape sequences (CSI ... final byte), what Loki's decolorize strips. */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]");

  private FormatStages() {}

  static Stage lineFormat(String template, PipelineContext context) {
    GoTemplate compiled = GoTemplate.parse(template);
    int maxLength = context.maxFormattedLineSize();
    return entry -> {
      try {
        entry.setLine(
            compiled.execute(
                entry.toMap(),
                entry.line(),
                entry.timestampNanos(),
                maxLength,
                context.cancellation()));
      } catch (GoTemplate.ExecutionException e) {
        entry.setError(TEMPLATE_ERROR, e.getMessage());
      }
      return true;
    };
  }

  /**
   * Applies the items in order, as Loki does: a rename moves the value (nothing happens when the source is
   * absent); templates all see the labels as they were at the first template of the stage.
   */
  static Stage labelFormat(List<LabelFormatItem> items, PipelineContext context) {
    int maxLength = context.maxFormattedLineSize();
    List<GoTemplate> templates = new ArrayList<>();
    for (LabelFormatItem item : items) {
      templates.add(item.template() ? GoTemplate.parse(item.value()) : null);
    }
    return entry -> {
      Map<String, String> data = null;
      for (int i = 0; i < items.size(); i++) {
        LabelFormatItem item = items.get(i);
        GoTemplate template = templates.get(i);
        if (template == null) {
          String value = entry.get(item.value());
          if (value != null) {
            entry.delete(item.value());
            entry.set(item.target(), value);
          }
          continue;
        }
        if (data == null) {
          data = entry.toMap();
        }
        try {
          entry.set(
              item.target(),
              template.execute(
                  data, entry.line(), entry.timestampNanos(), maxLength, context.cancellation()));
        } catch (GoTemplate.ExecutionException e) {
          entry.setError(TEMPLATE_ERROR, e.getMessage());
        }
      }
      return true;
    };
  }

  static Stage drop(List<NamedLabel> labels) {
    List<LabelMatcher> matchers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    split(labels, names, matchers);
    return entry -> {
      for (String name : names) {
        entry.delete(name);
      }
      for (LabelMatcher matcher : matchers) {
        String value = entry.get(matcher.name());
        if (value != null && matcher.matches(value)) {
          entry.delete(matcher.name());
        }
      }
      return true;
    };
  }

  static Stage keep(List<NamedLabel> labels) {
    List<LabelMatcher> matchers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    split(labels, names, matchers);
    return entry -> {
      for (String name : entry.names()) {
        if (name.equals(LabelsBuilder.ERROR)
            || name.equals(LabelsBuilder.ERROR_DETAILS)
            || names.contains(name)) {
          continue;
        }
        String value = entry.get(name);
        boolean kept = false;
        for (LabelMatcher matcher : matchers) {
          if (matcher.name().equals(name) && matcher.matches(value)) {
            kept = true;
            break;
          }
        }
        if (!kept) {
          entry.delete(name);
        }
      }
      return true;
    };
  }

  private static void split(
      List<NamedLabel> labels, Set<String> names, List<LabelMatcher> matchers) {
    for (NamedLabel label : labels) {
      switch (label) {
        case NamedLabel.LabelName name -> names.add(name.name());
        case io.tracemate.logql.syntax.LabelMatcher matcher ->
            matchers.add(Matchers.toStore(matcher));
      }
    }
  }

  static Stage decolorize() {
    return entry -> {
      String line = entry.line();
      if (line.indexOf('\u001B') >= 0) {
        entry.setLine(ANSI.matcher(line).replaceAll(""));
      }
      return true;
    };
  }
}
