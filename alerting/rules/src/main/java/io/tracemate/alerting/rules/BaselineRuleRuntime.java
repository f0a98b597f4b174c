package io.tracemate.alerting.rules;

import io.tracemate.promql.engine.Label;
import io.tracemate.promql.engine.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A baseline rule (Tracemate's extension of rule groups): a recording rule that also learns each series' seasonal
 * profile ({@link SeasonalProfile}) and writes, at every evaluation and for every series of its result:
 *
 * <ul>
 *   <li>{@code <name>}: the value, as a recording rule of that name would;
 *   <li>{@code <name>:baseline_mean}, {@code <name>:baseline_upper}, {@code <name>:baseline_lower}: the band learned
 *       before this evaluation ({@code mean ± band × stddev});
 *   <li>{@code <name>:baseline_samples}: how many values (weighted, recent seasons counting most) back the band.
 * </ul>
 *
 * with the series' labels (and the rule's), so alerts compare in plain PromQL ({@code service:latency_p99 >
 * service:latency_p99:baseline_upper}) and a range query draws the band. While too little is known the band series
 * are not written (an alert on them stays quiet). Failures as a recording rule's: more series than the group's
 * {@code limit}, duplicate label sets, or no room for new series among the tenant's recorded series or baselines
 * fail the evaluation and write nothing. Not thread-safe (one evaluation at a time).
 */
final class BaselineRuleRuntime extends RuleRuntime {
  static final String MEAN = ":baseline_mean";
  static final String UPPER = ":baseline_upper";
  static final String LOWER = ":baseline_lower";
  static final String SAMPLES = ":baseline_samples";
  private static final List<String> SUFFIXES = List.of("", MEAN, UPPER, LOWER, SAMPLES);

  private Set<Labels> previous = Set.of();

  BaselineRuleRuntime(Rule rule, RuleTemplates templates) {
    super(rule, templates);
  }

  @Override
  void evaluate(RuleEvaluation evaluation) {
    List<RuleSample> samples = evaluation.query(rule().expr());
    Map<List<Label>, Double> results = new LinkedHashMap<>();
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
      rule().labels().forEach((name, value) -> labels.add(new Label(name, value)));
      if (results.put(labels, sample.value()) != null) {
        throw new IllegalStateException(
            "vector contains metrics with the same labelset after applying rule labels");
      }
    }
    int limit = evaluation.limit();
    if (limit > 0 && results.size() > limit) {
      throw new IllegalStateException(
          "exceeded limit of " + limit + " with " + results.size() + " series");
    }
    BaselineStore.Tenant profiles = evaluation.baselines().tenant(evaluation.tenant());
    RecordedSeries store = evaluation.recorded();
    int newProfiles = 0;
    int newSeries = 0;
    for (List<Label> labels : results.keySet()) {
      Labels value = named(labels, "");
      if (!profiles.contains(value)) {
        newProfiles++;
      }
      for (String suffix : SUFFIXES) {
        if (!store.contains(evaluation.tenant(), named(labels, suffix))) {
          newSeries++;
        }
      }
    }
    if (!profiles.hasRoomFor(newProfiles)) {
      throw new IllegalStateException(
          "learning "
              + newProfiles
              + " new series would exceed the tenant's ruler.max_baseline_series_per_tenant");
    }
    if (!store.hasRoomFor(evaluation.tenant(), newSeries)) {
      throw new IllegalStateException(
          "recording "
              + newSeries
              + " new series would exceed the tenant's ruler.max_recorded_series_per_tenant");
    }
    long t = evaluation.time().toEpochMilli();
    BaselineSpec spec = rule().baseline();
    Set<Labels> written = new HashSet<>();
    synchronized (profiles) {
      for (Map.Entry<List<Label>, Double> result : results.entrySet()) {
        List<Label> labels = result.getKey();
        double v = result.getValue();
        Labels value = named(labels, "");
        write(evaluation, written, value, t, v);
        SeasonalProfile profile = profiles.profile(value, spec.season());
        SeasonalProfile.Band band = profile.band(t, spec.band());
        if (band != null) {
          write(evaluation, written, named(labels, MEAN), t, band.mean());
          write(evaluation, written, named(labels, UPPER), t, band.upper());
          write(evaluation, written, named(labels, LOWER), t, band.lower());
          write(evaluation, written, named(labels, SAMPLES), t, band.samples());
        }
        boolean seasonal = band != null && band.basis() != SeasonalProfile.Basis.RECENT;
        profile.observe(
            t,
            v,
            seasonal ? band.lower() : Double.NEGATIVE_INFINITY,
            seasonal ? band.upper() : Double.POSITIVE_INFINITY);
      }
    }
    for (Labels gone : previous) {
      if (!written.contains(gone)) {
        store.markStale(evaluation.tenant(), gone, t);
      }
    }
    previous = written;
  }

  private static void write(
      RuleEvaluation evaluation, Set<Labels> written, Labels labels, long t, double v) {
    evaluation.recorded().append(evaluation.tenant(), labels, t, v);
    written.add(labels);
  }

  private Labels named(List<Label> labels, String suffix) {
    List<Label> out = new ArrayList<>(labels.size() + 1);
    out.addAll(labels);
    out.add(new Label("__name__", rule().record() + suffix));
    return Labels.of(out);
  }
}
