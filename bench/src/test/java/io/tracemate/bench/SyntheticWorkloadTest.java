package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticWorkloadTest {

  @Test
  void tracesHaveAboutTenSpansOfElevenAttributesOverSeveralServices() {
    List<TemplateSpan> batch = new SyntheticWorkload(7).batch(2_000);
    Map<Integer, List<TemplateSpan>> traces = batch.stream().collect(Collectors.groupingBy(TemplateSpan::traceIndex));

    assertThat(batch.size()).isBetween(2_000, 2_012);
    double spansPerTrace = batch.size() / (double) traces.size();
    assertThat(spansPerTrace).isBetween(9.0, 11.0);
    assertThat(batch).allSatisfy(span -> assertThat(span.attributes()).hasSize(11));
    assertThat(batch.stream().map(span -> span.service().name()).collect(Collectors.toSet())).hasSizeGreaterThanOrEqualTo(5);
    assertThat(batch.stream().map(TemplateSpan::name).collect(Collectors.toSet())).hasSizeGreaterThan(15);

    for (List<TemplateSpan> trace : traces.values()) {
      assertThat(trace).filteredOn(span -> span.parentIndex() < 0).singleElement()
          .satisfies(root -> {
            assertThat(root.service().name()).isEqualTo(SyntheticWorkload.ENTRY_SERVICE);
            assertThat(SyntheticWorkload.ROUTES).contains((String) root.attributes().get(SyntheticWorkload.SEARCH_TAG));
          });
      Set<Integer> indexes = trace.stream().map(TemplateSpan::spanIndex).collect(Collectors.toSet());
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
  void sameSeedSameWorkload() {
    assertThat(new SyntheticWorkload(3).batch(300)).isEqualTo(new SyntheticWorkload(3).batch(300));
    assertThat(new SyntheticWorkload(3).batch(300)).isNotEqualTo(new SyntheticWorkload(4).batch(300));
  }
}
