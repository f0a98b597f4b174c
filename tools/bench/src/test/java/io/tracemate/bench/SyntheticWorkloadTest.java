package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

  @Test
  void tracesHaveAboutTenSpansOfElevenAttributesOverSeveralServices() {
    List<TemplateSpan> batch = new SyntheticWorkload(7).batch(2_000);
    Map<Integer, List<TemplateSpan>> traces =
        batch.stream().collect(Collectors.groupingBy(TemplateSpan::traceIndex));

    assertThat(batch.size()).isBetween(2_000, 2_012);
    double spansPerTrace = batch.size() / (double) traces.size();
    assertThat(spansPerTrace).isBetween(9.0, 11.0);
    assertThat(batch).allSatisfy(span -> assertThat(span.attributes()).hasSize(11));
    assertThat(batch.stream().map(span -> span.service().name()).collect(Collectors.toSet()))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(batch.stream().map(TemplateSpan::name).collect(Collectors.toSet()))
        .hasSizeGreaterThan(15);

    for (List<TemplateSpan> trace : traces.values()) {
      assertThat(trace)
          .filteredOn(span -> span.parentIndex() < 0)
          .singleElement()
          .satisfies(
              root -> {
                assertThat(root.service().name()).isEqualTo(SyntheticWorkload.ENTRY_SERVICE);
                assertThat(SyntheticWorkload.ROUTES)
                    .contains((String) root.attributes().get(SyntheticWorkload.SEARCH_TAG));
              });
      Set<Integer> indexes =
          trace.stream().map(TemplateSpan::spanIndex).collect(Collectors.toSet());
      for (TemplateSpan span : trace) {
        if (span.parentIndex() >= 0) {
          assertThat(indexes).contains(span.parentIndex());
          TemplateSpan parent = batch.get(span.parentIndex());
          assertThat(span.startOffsetNanos()).isGreaterThanOrEqualTo(parent.startOffsetNanos());
          assertThat(span.startOffsetNanos() + span.durationNanos())
              .isLessThanOrEqualTo(parent.startOffsetNanos() + parent.durationNanos());
        }
      }
    }
  }

  @Test
  void theMixSetsTheSharesOfFailedSlowAndBusinessTraces() {
    List<TemplateSpan> batch =
        new SyntheticWorkload(5, new WorkloadMix(0.10, 0.20, 0.30)).batch(40_000);
    Map<Integer, List<TemplateSpan>> traces =
        batch.stream().collect(Collectors.groupingBy(TemplateSpan::traceIndex));
    List<TemplateSpan> roots = batch.stream().filter(span -> span.parentIndex() < 0).toList();

    double failed =
        roots.stream().filter(root -> root.errorMessage() != null).count() / (double) roots.size();
    double business =
        roots.stream()
                .filter(root -> root.attributes().containsKey(WorkloadMix.BUSINESS_KEY))
                .count()
            / (double) roots.size();
    // without the slow draw no trace of this workload lasts 500 ms unless it failed (a 2 s timeout)
    double slowNotFailed =
        traces.values().stream()
                .filter(trace -> trace.stream().allMatch(span -> span.errorMessage() == null))
                .filter(
                    trace ->
                        trace.stream().mapToLong(TemplateSpan::durationNanos).max().orElseThrow()
                            >= 500_000_000L)
                .count()
            / (double) roots.size();

    // about 4000 traces: binomial standard deviations are under 0.8 %, so +-3 % is far outside
    // chance
    assertThat(failed).isBetween(0.07, 0.13);
    assertThat(business).isBetween(0.27, 0.33);
    assertThat(slowNotFailed)
        .as("slow among the 90 %% that did not fail".replace("%%", "%"))
        .isBetween(0.15, 0.21);
    assertThat(roots)
        .filteredOn(root -> root.attributes().containsKey(WorkloadMix.BUSINESS_KEY))
        .allSatisfy(
            root ->
                assertThat(WorkloadMix.BUSINESS_TRANSACTIONS)
                    .contains((String) root.attributes().get(WorkloadMix.BUSINESS_KEY)));
  }

  @Test
  void theDefaultMixIsTheHistoricalOneAndSharesAreValidated() {
    assertThat(new SyntheticWorkload(3, WorkloadMix.DEFAULT).batch(300))
        .isEqualTo(new SyntheticWorkload(3).batch(300));
    assertThat(new SyntheticWorkload(3).batch(2_000))
        .noneMatch(span -> span.attributes().containsKey(WorkloadMix.BUSINESS_KEY));
    assertThatThrownBy(() -> new WorkloadMix(0.01, 1.5, 0))
        .hasMessageContaining("--slow-share must be within 0..1");
    assertThatThrownBy(() -> new WorkloadMix(Double.NaN, 0, 0))
        .hasMessageContaining("--error-share");
  }

  @Test
  void sameSeedSameWorkload() {
    assertThat(new SyntheticWorkload(3).batch(300)).isEqualTo(new SyntheticWorkload(3).batch(300));
    assertThat(new SyntheticWorkload(3).batch(300))
        .isNotEqualTo(new SyntheticWorkload(4).batch(300));
  }
}
