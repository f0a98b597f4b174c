package io.tracemate.analysis;

import static io.tracemate.analysis.TestSpans.analyze;
import static io.tracemate.analysis.TestSpans.node;
import static io.tracemate.analysis.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Trace;
import org.junit.jupiter.api.Test;

class SpanTreeTest {

  @Test
  void nodesAreInDepthFirstOrderWithChildrenByStartWhateverTheInputOrder() {
    TraceAnalysis analysis =
        analyze(
            span(4, 2, "s", 30, 40),
            span(3, 1, "s", 50, 60),
            span(1, 0, "s", 0, 100),
            span(2, 1, "s", 10, 45),
            span(5, 2, "s", 12, 20));

    assertThat(analysis.nodes())
        .extracting(n -> n.span().spanId().value())
        .containsExactly(1L, 2L, 5L, 4L, 3L);
    assertThat(analysis.nodes()).extracting(SpanNode::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(analysis.nodes()).extracting(SpanNode::depth).containsExactly(0, 1, 2, 2, 1);
    assertThat(node(analysis, 1).children()).containsExactly(1, 4);
    assertThat(node(analysis, 2).children()).containsExactly(2, 3);
    assertThat(node(analysis, 5).parent()).isEqualTo(1);
    assertThat(analysis.roots()).containsExactly(0);
    assertThat(analysis.overview().depth()).isEqualTo(3);
  }

  @Test
  void cycleIsCutAtItsEarliestSpanWhichBecomesARoot() {
    // 1 -> parent 2, 2 -> parent 1, 3 -> parent 1: span 1 starts first, so its link is cut
    TraceAnalysis analysis =
        analyze(span(1, 2, "s", 0, 100), span(2, 1, "s", 10, 50), span(3, 1, "s", 60, 90));

    assertThat(analysis.roots()).containsExactly(0);
    assertThat(node(analysis, 1).cycleBroken()).isTrue();
    assertThat(node(analysis, 1).orphan()).isFalse();
    assertThat(node(analysis, 2).parent()).isZero();
    assertThat(node(analysis, 3).parent()).isZero();
    assertThat(TestSpans.path(analysis))
        .containsExactly("1:0-10", "2:10-50", "1:50-60", "3:60-90", "1:90-100");
  }

  @Test
  void spanThatIsItsOwnParentAndLongerCyclesTerminate() {
    TraceAnalysis analysis =
        analyze(
            span(7, 7, "s", 0, 10),
            span(1, 3, "s", 20, 30),
            span(2, 1, "s", 21, 29),
            span(3, 2, "s", 22, 28),
            span(4, 3, "s", 23, 24));

    assertThat(analysis.nodes()).hasSize(5);
    assertThat(node(analysis, 7).isRoot()).isTrue();
    assertThat(node(analysis, 7).cycleBroken()).isTrue();
    assertThat(node(analysis, 1).cycleBroken()).isTrue();
    assertThat(node(analysis, 4).depth()).isEqualTo(3);
    assertThat(analysis.roots()).hasSize(2);
  }

  @Test
  void invalidArgumentsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> TraceAnalyzer.analyze(null)).hasMessageContaining("must not be null");
    assertThatThrownBy(
            () -> TraceAnalyzer.analyze(new Trace(TestSpans.TRACE_ID, java.util.List.of()), -1))
        .hasMessageContaining("topTags must be >= 0, got -1");
  }
}
