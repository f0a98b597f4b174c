package io.tracemate.pipeline.attributes;

import io.tracemate.model.Span;
import io.tracemate.pipeline.SpanProcessor;
import io.tracemate.pipeline.config.AttributesConfig;
import io.tracemate.pipeline.config.ConfigProblems;
import java.util.List;

/**
 * The collector's attributes processor for spans: the actions run in order on the span attributes of every
 * selected span. Resource attributes are not touched, as in the collector (they describe the service instance
 * and are shared by every span of a batch; the collector's {@code resource} processor is their place), and
 * neither are event or link attributes. Never mutates its input; returns the same list when no span changed.
 * Stateless, hence thread-safe.
 */
public final class AttributesProcessor implements SpanProcessor {
  private final List<AttributeAction> actions;
  private final SpanMatcher include;
  private final SpanMatcher exclude;

  public AttributesProcessor(
      List<AttributeAction> actions, SpanMatcher include, SpanMatcher exclude) {
    this.actions = List.copyOf(actions);
    this.include = include;
    this.exclude = exclude;
  }

  /** The processor, or null when the config is invalid (every problem recorded under {@code path}). */
  public static AttributesProcessor create(
      AttributesConfig config, ConfigProblems problems, String path) {
    int before = problems.size();
    if (config.actions().isEmpty()) {
      problems.add(
          path + ".actions", "is required: a list of actions (" + ActionCompiler.ACTIONS + ")");
    }
    List<AttributeAction> actions =
        ActionCompiler.compile(config.actions(), problems, path + ".actions");
    SpanMatcher include = SpanMatcher.compile(config.include(), problems, path + ".include");
    SpanMatcher exclude = SpanMatcher.compile(config.exclude(), problems, path + ".exclude");
    return problems.size() > before ? null : new AttributesProcessor(actions, include, exclude);
  }

  @Override
  public List<Span> process(List<Span> batch) {
    return SpanProcessor.replaceChanged(batch, this::apply);
  }

  private Span apply(Span span) {
    if (!SpanMatcher.selected(span, include, exclude)) {
      return span;
    }
    AttributeEditor editor = new AttributeEditor(span.attributes());
    for (AttributeAction action : actions) {
      action.apply(editor);
    }
    return editor.changed() ? span.toBuilder().attributes(editor.result()).build() : span;
  }
}
