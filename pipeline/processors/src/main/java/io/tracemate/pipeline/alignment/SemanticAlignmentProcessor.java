package io.tracemate.pipeline.alignment;

import io.tracemate.model.AttributeValue;
import io.tracemate.model.AttributeValue.StringValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.pipeline.SpanProcessor;
import io.tracemate.pipeline.alignment.SemanticAlignment.Conversion;
import io.tracemate.pipeline.alignment.SemanticAlignment.Rule;
import io.tracemate.pipeline.alignment.SemanticAlignment.Scope;
import io.tracemate.pipeline.attributes.AttributeEditor;
import io.tracemate.pipeline.attributes.AttributeValues;
import io.tracemate.pipeline.attributes.ConvertedType;
import io.tracemate.pipeline.attributes.SpanMatcher;
import io.tracemate.pipeline.config.ConfigProblems;
import io.tracemate.pipeline.config.SemanticAlignmentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@code semantic_alignment} preset: a rename processor over span attributes driven by the alignment
 * table. Each rule is the {@code rename} action (insert the new key from the old one unless it exists, then
 * delete the old key), optionally converting the value's type. Rules are pre-split by span kind, so a span
 * pays only for the rules that apply to it. Counts renamed attributes as {@code renamed}. Thread-safe.
 */
public final class SemanticAlignmentProcessor implements SpanProcessor {
  private final List<Rule> serverRules;
  private final List<Rule> otherRules;
  private final SpanMatcher include;
  private final SpanMatcher exclude;
  private final LongAdder renamed = new LongAdder();

  public SemanticAlignmentProcessor(List<Rule> rules, SpanMatcher include, SpanMatcher exclude) {
    this.serverRules = rules.stream().filter(r -> r.scope().appliesTo(SpanKind.SERVER)).toList();
    this.otherRules = rules.stream().filter(r -> r.scope().appliesTo(SpanKind.CLIENT)).toList();
    this.include = include;
    this.exclude = exclude;
  }

  /** The processor, or null when the config is invalid (every problem recorded under {@code path}). */
  public static SemanticAlignmentProcessor create(
      SemanticAlignmentConfig config, ConfigProblems problems, String path) {
    int before = problems.size();
    List<Rule> rules = new ArrayList<>();
    for (Map.Entry<String, String> e : config.renames().entrySet()) {
      String at = path + ".renames." + e.getKey();
      if (e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) {
        problems.add(at, "needs a non-empty old and new key");
      } else if (e.getKey().equals(e.getValue())) {
        problems.add(at, "renames a key to itself");
      } else {
        rules.add(new Rule(e.getKey(), e.getValue(), Scope.ANY, Conversion.NONE, "config"));
      }
    }
    if (config.shippedTable()) {
      rules.addAll(SemanticAlignment.shippedRules());
    }
    if (rules.isEmpty() && problems.size() == before) {
      problems.add(path, "has nothing to do: shipped_table is false and renames is empty");
    }
    SpanMatcher include = SpanMatcher.compile(config.include(), problems, path + ".include");
    SpanMatcher exclude = SpanMatcher.compile(config.exclude(), problems, path + ".exclude");
    return problems.size() > before
        ? null
        : new SemanticAlignmentProcessor(rules, include, exclude);
  }

  @Override
  public List<Span> process(List<Span> batch) {
    return SpanProcessor.replaceChanged(batch, this::align);
  }

  @Override
  public Map<String, Long> counters() {
    return Map.of("renamed", renamed.sum());
  }

  private Span align(Span span) {
    if (!SpanMatcher.selected(span, include, exclude)) {
      return span;
    }
    AttributeEditor editor = new AttributeEditor(span.attributes());
    int count = 0;
    for (Rule rule : span.kind() == SpanKind.SERVER ? serverRules : otherRules) {
      AttributeValue value = editor.get(rule.legacyKey());
      if (value != null) {
        editor.remove(rule.legacyKey());
        write(editor, rule, value);
        count++;
      }
    }
    if (count == 0) {
      return span;
    }
    renamed.add(count);
    return span.toBuilder().attributes(editor.result()).build();
  }

  private static void write(AttributeEditor editor, Rule rule, AttributeValue value) {
    switch (rule.conversion()) {
      case NONE -> editor.putIfAbsent(rule.otelKey(), value);
      case INT ->
          editor.putIfAbsent(rule.otelKey(), AttributeValues.convert(value, ConvertedType.INT));
      case STRING ->
          editor.putIfAbsent(rule.otelKey(), AttributeValues.convert(value, ConvertedType.STRING));
      case SPLIT_QUERY -> {
        if (value instanceof StringValue s && s.value().indexOf('?') >= 0) {
          int q = s.value().indexOf('?');
          editor.putIfAbsent(rule.otelKey(), new StringValue(s.value().substring(0, q)));
          editor.putIfAbsent("url.query", new StringValue(s.value().substring(q + 1)));
        } else {
          editor.putIfAbsent(rule.otelKey(), value);
        }
      }
    }
  }
}
