package io.tracemate.alerting.rules;

import io.tracemate.promql.engine.Label;
import io.tracemate.promql.engine.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recording rule, as Prometheus' {@code RecordingRule.Eval}: the result's series renamed to the rule's
 * {@code record}, the rule's labels added (an empty value removes the label), written to the tenant's
 * {@link RecordedSeries} at the evaluation time; a series of the previous evaluation that is missing now gets a
 * staleness marker; more series than the group's {@code limit}, or two series with the same labels, fail the
 * evaluation and write nothing. NaN values are written as they are. Not thread-safe (one evaluation at a time).
 */
final class RecordingRuleRuntime extends RuleRuntime {
  private Set<Labels> previous = Set.of();

  RecordingRuleRuntime(Rule rule, RuleTemplates templates) {
    super(rule, templates);
  }

  @Override
  void evaluate(RuleEvaluation evaluation) {
    List<RuleSample> samples = evaluation.query(rule().expr());
    Set<Labels> current = new LinkedHashSet<>();
    List<Double> values = new ArrayList<>(samples.size());
    for (RuleSample sample : samples) {
      List<Label> labels = new ArrayList<>();
      sample
          .labels()
          .forEach(
              (name, value) -> {
                if (!name.equals("__name__") && !rule().labels().containsKey(name)) {
                  labels.add(new Label(name, value));
                }
              });
      for (Map.Entry<String, String> label : rule().labels().entrySet()) {
        labels.add(new Label(label.getKey(), label.getValue()));
      }
      labels.add(new Label("__name__", rule().record()));
      if (!current.add(Labels.of(labels))) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
      values.add(sample.value());
    }
    int limit = evaluation.limit();
    if (limit > 0 && current.size() > limit) {
      throw new IllegalStateException(
          "exceeded limit of " + limit + " with " + current.size() + " series");
    }
    RecordedSeries store = evaluation.recorded();
    int added = 0;
    for (Labels labels : current) {
      if (!store.contains(evaluation.tenant(), labels)) {
        added++;
      }
    }
    if (!store.hasRoomFor(evaluation.tenant(), added)) {
      throw new IllegalStateException(
          "recording "
              + added
              + " new series would exceed the tenant's "
              + "ruler.max-recorded-series of recorded series");
    }
    long t = evaluation.time().toEpochMilli();
    int i = 0;
    for (Labels labels : current) {
      store.append(evaluation.tenant(), labels, t, values.get(i++));
    }
    for (Labels gone : previous) {
      if (!current.contains(gone)) {
        store.markStale(evaluation.tenant(), gone, t);
      }
    }
    previous = new HashSet<>(current);
  }
}
