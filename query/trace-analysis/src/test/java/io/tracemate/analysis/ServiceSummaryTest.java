package io.tracemate.analysis;

import static io.tracemate.analysis.TestSpans.analyze;
import static io.tracemate.analysis.TestSpans.error;
import static io.tracemate.analysis.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceSummaryTest {

  // gateway [0,100] -> orders [10,90] -> db [20,50], db [40,70] (concurrent), audit [75,85] (error)
  //                 -> gateway cache [92,96] (error)
  private final TraceAnalysis analysis =
      analyze(
          span(1, 0, "gateway", 0, 100),
          span(2, 1, "orders", 10, 90),
          span(3, 2, "db", 20, 50),
          span(4, 2, "db", 40, 70),
          span(5, 2, "audit", 75, 85).status(error("timeout")),
          span(6, 1, "gateway", 92, 96).status(error("")));

  @Test
  void summaryCountsCallsErrorsTotalAndSelfTimeSortedBySelfTime() {
    // self: gateway 100 - 80 - 4 = 16, + 4 = 20; orders 80 - 50 (db union 20-70) - 10 = 20;
    // db 30 + 30 = 60; audit 10
    assertThat(analysis.services())
        .containsExactly(
            new ServiceSummary("db", 2, 0, 60, 60),
            new ServiceSummary("gateway", 2, 1, 104, 20),
            new ServiceSummary("orders", 1, 0, 80, 20),
            new ServiceSummary("audit", 1, 1, 10, 10));
    assertThat(analysis.services().get(1).averageNanos()).isEqualTo(52);
  }

  @Test
  void overviewCountsSpansServicesAndErrors() {
    assertThat(analysis.overview())
        .isEqualTo(new TraceOverview(TestSpans.TRACE_ID, 0, 100, 6, 4, 2, 3, 1, 0));
  }

  @Test
  void errorsAreHighlightedByReason() {
    assertThat(analysis.tags().errors())
        .containsExactly(
            new TagCount("status", "ERROR", 1, false),
            new TagCount("status.message", "timeout", 1, false));
  }

  @Test
  void timelineMergesEachServicesOverlappingSpans() {
    assertThat(analysis.timeline())
        .containsExactly(
            new ServiceTimeline("gateway", List.of(new TimeRange(0, 100)), 100),
            new ServiceTimeline("orders", List.of(new TimeRange(10, 90)), 80),
            new ServiceTimeline("db", List.of(new TimeRange(20, 70)), 50),
            new ServiceTimeline("audit", List.of(new TimeRange(75, 85)), 10));
  }

  @Test
  void timelineKeepsGapsAndMergesTouchingSpans() {
    TraceAnalysis gaps =
        analyze(
            span(1, 0, "a", 0, 10),
            span(2, 1, "a", 5, 20),
            span(3, 1, "b", 20, 25),
            span(4, 0, "a", 20, 22),
            span(5, 0, "a", 30, 40));

    assertThat(gaps.timeline())
        .containsExactly(
            new ServiceTimeline("a", List.of(new TimeRange(0, 22), new TimeRange(30, 40)), 32),
            new ServiceTimeline("b", List.of(new TimeRange(20, 25)), 5));
  }
}
