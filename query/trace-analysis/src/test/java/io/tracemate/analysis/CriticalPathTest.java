package io.tracemate.analysis;

import static io.tracemate.analysis.TestSpans.analyze;
import static io.tracemate.analysis.TestSpans.node;
import static io.tracemate.analysis.TestSpans.path;
import static io.tracemate.analysis.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Attribute;
import io.tracemate.model.SpanKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Critical paths and self times on constructed traces, expectations computed by hand in the comments. */
class CriticalPathTest {

  @Test
  void sequentialChildrenAreAllOnThePathWithTheParentFillingTheGaps() {
    // R [0,100] -> A [10,40], B [50,90]
    TraceAnalysis analysis =
        analyze(span(1, 0, "r", 0, 100), span(2, 1, "a", 10, 40), span(3, 1, "b", 50, 90));

    assertThat(path(analysis))
        .containsExactly("1:0-10", "2:10-40", "1:40-50", "3:50-90", "1:90-100");
    assertThat(node(analysis, 1).selfNanos()).isEqualTo(30); // 100 - 30 - 40
    assertThat(node(analysis, 1).criticalPathNanos()).isEqualTo(30);
    assertThat(node(analysis, 3).criticalPathNanos()).isEqualTo(40);
  }

  @Test
  void backToBackChildrenHandOverWithoutCreditingTheParent() {
    // R [0,100] -> A [0,50], B [50,100]: Jaeger's strict "< cursor" would give R [0,50]
    TraceAnalysis analysis =
        analyze(span(1, 0, "r", 0, 100), span(2, 1, "a", 0, 50), span(3, 1, "b", 50, 100));

    assertThat(path(analysis)).containsExactly("2:0-50", "3:50-100");
    assertThat(node(analysis, 1).selfNanos()).isZero();
  }

  @Test
  void parallelChildrenOnlyTheLastFinishingIsOnThePathAndSelfTimeIsNotDoubleSubtracted() {
    // R [0,100] -> A [10,80], B [10,50]: B overlaps A, so it is off the path
    TraceAnalysis analysis =
        analyze(span(1, 0, "r", 0, 100), span(2, 1, "a", 10, 80), span(3, 1, "b", 10, 50));

    assertThat(path(analysis)).containsExactly("1:0-10", "2:10-80", "1:80-100");
    assertThat(node(analysis, 1).selfNanos()).isEqualTo(30); // union [10,80] = 70
    assertThat(node(analysis, 3).onCriticalPath()).isFalse();
  }

  @Test
  void nestedConcurrency() {
    // R [0,100] -> A [10,60] -> A1 [15,35], A2 [20,50]
    //           -> B [30,90] -> B1 [40,70], B2 [50,80]
    // cursor 100: B (90) => R 90-100; in B: B2 (80) => B 80-90, B2 50-80; B1 ends 70 > 50 => B
    // 30-50;
    // back in R at 30: A ends 60 > 30 => R 0-30.
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "r", 0, 100),
            span(2, 1, "a", 10, 60),
            span(21, 2, "a", 15, 35),
            span(22, 2, "a", 20, 50),
            span(3, 1, "b", 30, 90),
            span(31, 3, "b", 40, 70),
            span(32, 3, "b", 50, 80));

    assertThat(path(analysis))
        .containsExactly("1:0-30", "3:30-50", "32:50-80", "3:80-90", "1:90-100");
    assertThat(List.of(1L, 2L, 3L, 21L, 22L, 31L, 32L))
        .extracting(id -> node(analysis, id).selfNanos())
        .containsExactly(20L, 15L, 20L, 20L, 30L, 30L, 30L);
  }

  @Test
  void asyncChildrenOutlivingTheParentCountOnlyInsideIt() {
    // R [0,100] -> A [10,50]
    //           -> C [60,150] (producer) -> C1 [110,140] (outside R: dropped), C2 [70,120] (clipped
    // to 70-100)
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "r", 0, 100),
            span(2, 1, "a", 10, 50),
            span(3, 1, "c", 60, 150).kind(SpanKind.PRODUCER),
            span(31, 3, "c", 110, 140),
            span(32, 3, "c", 70, 120));

    assertThat(path(analysis))
        .containsExactly("1:0-10", "2:10-50", "1:50-60", "3:60-70", "32:70-100");
    assertThat(node(analysis, 1).selfNanos())
        .isEqualTo(20); // 100 - 40 (A) - 40 (C clipped to 60-100)
    assertThat(node(analysis, 3).selfNanos())
        .isEqualTo(20); // 90 - union(70-120, 110-140) = 90 - 70
    assertThat(analysis.overview().durationNanos()).isEqualTo(150);
  }

  @Test
  void childStartingBeforeItsParentIsClippedToIt() {
    // R [0,100] -> P [20,60] -> K [10,40] (clock skew): K counts from 20
    TraceAnalysis analysis =
        analyze(span(1, 0, "r", 0, 100), span(2, 1, "p", 20, 60), span(3, 2, "k", 10, 40));

    assertThat(path(analysis)).containsExactly("1:0-20", "3:20-40", "2:40-60", "1:60-100");
    assertThat(node(analysis, 2).selfNanos()).isEqualTo(20);
  }

  @Test
  void missingParentMakesAnOrphanRootAndRootsAreWalkedByWhoIsRunning() {
    // R [0,100] -> A [10,30]; X [80,130] names missing parent 99; Y [140,150] is a second true
    // root.
    // cursor 150: Y covers it => Y; cursor 140: nobody covers => X (ended last, 130), gap 130-140;
    // cursor 80: R covers it => walk R from 80: A => R 30-80, A 10-30, R 0-10.
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "r", 0, 100),
            span(2, 1, "a", 10, 30),
            span(5, 99, "x", 80, 130),
            span(6, 0, "y", 140, 150));

    assertThat(path(analysis))
        .containsExactly("1:0-10", "2:10-30", "1:30-80", "5:80-130", "6:140-150");
    assertThat(node(analysis, 5).orphan()).isTrue();
    assertThat(node(analysis, 5).isRoot()).isTrue();
    assertThat(node(analysis, 1).orphan()).isFalse();
    assertThat(analysis.overview().rootCount()).isEqualTo(3);
    assertThat(analysis.overview().orphanCount()).isEqualTo(1);
  }

  @Test
  void whenSeveralRootsRunAtTheCursorTheEarliestStartedOneIsWalked() {
    // R [0,100] and orphan X [30,100] both cover 100: R, started first, explains the whole stretch
    TraceAnalysis analysis = analyze(span(1, 0, "r", 0, 100), span(5, 99, "x", 30, 100));

    assertThat(path(analysis)).containsExactly("1:0-100");
  }

  @Test
  void orphanInsideTheRootIsNotOnThePath() {
    // R [0,100] -> A [10,30]; X [20,50] orphan: R covers 100 and is walked back to 0.
    TraceAnalysis analysis =
        analyze(span(1, 0, "r", 0, 100), span(2, 1, "a", 10, 30), span(5, 99, "x", 20, 50));

    assertThat(path(analysis)).containsExactly("1:0-10", "2:10-30", "1:30-100");
  }

  @Test
  void zipkinSharedSpanServerHalfHangsUnderTheClientHalfAndOwnsTheChildren() {
    // R [0,100] -> client C id 2 [10,90] -> server S id 2 [20,80] (shared) -> D [30,70] (parent id
    // 2)
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "front", 0, 100),
            span(2, 1, "front", 10, 90).kind(SpanKind.CLIENT),
            span(2, 1, "back", 20, 80)
                .kind(SpanKind.SERVER)
                .attributes(List.of(Attribute.of("zipkin.shared", true))),
            span(3, 2, "back", 30, 70));

    List<SpanNode> halves = analysis.nodesWithSpanId(new io.tracemate.model.SpanId(2));
    assertThat(halves).hasSize(2).allMatch(SpanNode::sharedSpanId);
    SpanNode client = halves.get(0);
    SpanNode server = halves.get(1);
    assertThat(client.span().kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(server.parent()).isEqualTo(client.index());
    assertThat(node(analysis, 3).parent()).isEqualTo(server.index());
    assertThat(node(analysis, 3).depth()).isEqualTo(3);
    assertThat(analysis.criticalPath())
        .extracting(CriticalPathSegment::node)
        .containsExactly(
            0,
            client.index(),
            server.index(),
            node(analysis, 3).index(),
            server.index(),
            client.index(),
            0);
    assertThat(path(analysis))
        .containsExactly(
            "1:0-10", "2:10-20", "2:20-30", "3:30-70", "2:70-80", "2:80-90", "1:90-100");
    assertThat(List.of(client.selfNanos(), server.selfNanos())).containsExactly(20L, 20L);
  }

  @Test
  void serverKindIdentifiesTheServerHalfWithoutTheZipkinFlagEvenWhenItIsListedFirst() {
    TraceAnalysis analysis =
        analyze(
            span(2, 1, "back", 20, 80).kind(SpanKind.SERVER),
            span(1, 0, "front", 0, 100),
            span(3, 2, "back", 30, 70),
            span(2, 1, "front", 10, 90).kind(SpanKind.CLIENT));

    SpanNode server =
        analysis.nodes().stream()
            .filter(n -> n.span().kind() == SpanKind.SERVER)
            .findFirst()
            .orElseThrow();
    assertThat(analysis.nodes().get(server.parent()).span().kind()).isEqualTo(SpanKind.CLIENT);
    assertThat(node(analysis, 3).parent()).isEqualTo(server.index());
    assertThat(analysis.roots()).hasSize(1);
  }

  @Test
  void plainDuplicateIdsStaySiblingsAndChildrenGoToTheEarliest() {
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "r", 0, 100),
            span(2, 1, "r", 10, 20),
            span(2, 1, "r", 30, 40),
            span(3, 2, "r", 12, 18));

    List<SpanNode> twins = analysis.nodesWithSpanId(new io.tracemate.model.SpanId(2));
    assertThat(twins).extracting(SpanNode::parent).containsExactly(0, 0);
    assertThat(twins.get(0).children()).containsExactly(node(analysis, 3).index());
    assertThat(path(analysis))
        .containsExactly(
            "1:0-10", "2:10-12", "3:12-18", "2:18-20", "1:20-30", "2:30-40", "1:40-100");
  }

  @Test
  void zeroDurationSpansTakeNoTimeButKeepTheirPlace() {
    // R [0,100] -> Z [50,50], A [50,100]; a span ending before it starts is instantaneous
    TraceAnalysis analysis =
        analyze(
            span(1, 0, "r", 0, 100),
            span(2, 1, "z", 50, 50),
            span(3, 1, "a", 50, 100),
            span(4, 1, "neg", 70, 60));

    assertThat(path(analysis)).containsExactly("1:0-50", "3:50-100");
    assertThat(node(analysis, 2).selfNanos()).isZero();
    assertThat(node(analysis, 4).selfNanos()).isZero();
    assertThat(node(analysis, 1).selfNanos()).isEqualTo(50);
  }

  @Test
  void singleInstantaneousSpanHasAnEmptyPath() {
    TraceAnalysis analysis = analyze(span(1, 0, "r", 5, 5));

    assertThat(analysis.criticalPath()).isEmpty();
    assertThat(analysis.overview().durationNanos()).isZero();
    assertThat(analysis.overview().depth()).isEqualTo(1);
  }

  @Test
  void emptyTraceGivesAnEmptyAnalysis() {
    TraceAnalysis analysis =
        TraceAnalyzer.analyze(new io.tracemate.model.Trace(TestSpans.TRACE_ID, List.of()));

    assertThat(analysis.nodes()).isEmpty();
    assertThat(analysis.criticalPath()).isEmpty();
    assertThat(analysis.overview())
        .isEqualTo(new TraceOverview(TestSpans.TRACE_ID, 0, 0, 0, 0, 0, 0, 0, 0));
  }
}
