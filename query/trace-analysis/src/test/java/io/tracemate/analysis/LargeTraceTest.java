package io.tracemate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariants on large and random traces. Speed is measured by {@link AnalyzerTiming}, not asserted here
 * (about 9 ms for the 10,000-span trace after warm-up, on 2 cores).
 */
class LargeTraceTest {

  @Test
  void tenThousandSpanTraceKeepsEveryInvariant() {
    Trace trace = GeneratedTraces.generate(10_000, 1_000_000_000L, 42);
    TraceAnalysis analysis = TraceAnalyzer.analyze(trace);

    assertTreeInvariants(analysis, 10_000);
    assertSelfTimesBounded(analysis);
    assertPathCoversTheSingleRoot(analysis);
    assertSummariesAddUp(analysis, trace);
    assertTimelinesAreDisjointAndOrdered(analysis);
    assertThat(analysis.overview().depth()).isGreaterThan(10);
    assertThat(analysis.tags().spanTags()).extracting(TagCount::key).containsOnly("http.route");
  }

  @Test
  void tenThousandDeepChainDoesNotOverflowTheStack() {
    // span i spans [i, 20000 - i] and is the parent of span i + 1
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      spans.add(TestSpans.span(i + 1, i, "chain", i, 20_000 - i).build());
    }
    TraceAnalysis analysis = TraceAnalyzer.analyze(new Trace(TestSpans.TRACE_ID, spans));

    assertThat(analysis.overview().depth()).isEqualTo(10_000);
    assertTreeInvariants(analysis, 10_000);
    assertPathCoversTheSingleRoot(analysis);
    // every span owns one unit at each end, the innermost [9999, 10001] two
    assertThat(analysis.nodes()).allMatch(n -> n.selfNanos() == 2 && n.criticalPathNanos() == 2);
  }

  /** Self time cross-checked against a brute-force count of uncovered time units. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomSmallTracesMatchABruteForceSelfTime(long seed) {
    Trace trace = GeneratedTraces.generate(300, 1_000, seed);
    TraceAnalysis analysis = TraceAnalyzer.analyze(trace);

    assertTreeInvariants(analysis, 300);
    assertPathCoversTheSingleRoot(analysis);
    for (SpanNode node : analysis.nodes()) {
      long from = node.span().startEpochNanos();
      long to = node.span().endEpochNanos();
      boolean[] covered = new boolean[(int) (to - from)];
      for (int child : node.children()) {
        Span c = analysis.nodes().get(child).span();
        for (long t = Math.max(from, c.startEpochNanos());
            t < Math.min(to, c.endEpochNanos());
            t++) {
          covered[(int) (t - from)] = true;
        }
      }
      long free = 0;
      for (boolean unit : covered) {
        free += unit ? 0 : 1;
      }
      assertThat(node.selfNanos()).as("self time of node %d", node.index()).isEqualTo(free);
    }
  }

  /** Dropping spans orphans their children: the path must then cover exactly the union of the roots. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void withOrphanedSubtreesThePathCoversTheUnionOfTheRoots(long seed) {
    List<Span> all = GeneratedTraces.generate(400, 1_000, seed).spans();
    List<Span> kept = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (i % 37 != 5) {
        kept.add(all.get(i));
      }
    }
    TraceAnalysis analysis = TraceAnalyzer.analyze(new Trace(TestSpans.TRACE_ID, kept));

    assertTreeInvariants(analysis, kept.size());
    assertThat(analysis.roots()).hasSizeGreaterThan(1);
    assertThat(analysis.overview().orphanCount()).isEqualTo(analysis.roots().size() - 1);
    boolean[] rootCovers = new boolean[1_000 + 250];
    for (int root : analysis.roots()) {
      Span span = analysis.nodes().get(root).span();
      for (long t = span.startEpochNanos(); t < span.endEpochNanos(); t++) {
        rootCovers[(int) t] = true;
      }
    }
    boolean[] pathCovers = new boolean[rootCovers.length];
    long previousEnd = Long.MIN_VALUE;
    for (CriticalPathSegment segment : analysis.criticalPath()) {
      Span span = analysis.nodes().get(segment.node()).span();
      assertThat(segment.startEpochNanos())
          .isGreaterThanOrEqualTo(Math.max(previousEnd, span.startEpochNanos()));
      assertThat(segment.endEpochNanos()).isLessThanOrEqualTo(span.endEpochNanos());
      previousEnd = segment.endEpochNanos();
      for (long t = segment.startEpochNanos(); t < segment.endEpochNanos(); t++) {
        pathCovers[(int) t] = true;
      }
    }
    assertThat(pathCovers).isEqualTo(rootCovers);
  }

  private static void assertTreeInvariants(TraceAnalysis analysis, int spanCount) {
    List<SpanNode> nodes = analysis.nodes();
    assertThat(nodes).hasSize(spanCount);
    int[] seen = new int[spanCount];
    for (int root : analysis.roots()) {
      seen[root]++;
      assertThat(nodes.get(root).isRoot()).isTrue();
    }
    for (int i = 0; i < spanCount; i++) {
      SpanNode node = nodes.get(i);
      assertThat(node.index()).isEqualTo(i);
      long previousStart = Long.MIN_VALUE;
      for (int child : node.children()) {
        seen[child]++;
        SpanNode c = nodes.get(child);
        assertThat(c.parent()).isEqualTo(node.index());
        assertThat(child).isGreaterThan(node.index()); // pre-order
        assertThat(c.depth()).isEqualTo(node.depth() + 1);
        assertThat(c.span().startEpochNanos()).isGreaterThanOrEqualTo(previousStart);
        previousStart = c.span().startEpochNanos();
      }
    }
    assertThat(seen).containsOnly(1);
  }

  private static void assertSelfTimesBounded(TraceAnalysis analysis) {
    assertThat(analysis.nodes())
        .allMatch(n -> n.selfNanos() >= 0 && n.selfNanos() <= n.span().durationNanos());
  }

  private static void assertPathCoversTheSingleRoot(TraceAnalysis analysis) {
    assertThat(analysis.roots()).hasSize(1);
    Span root = analysis.nodes().get(analysis.roots().get(0)).span();
    List<CriticalPathSegment> path = analysis.criticalPath();
    assertThat(path.get(0).startEpochNanos()).isEqualTo(root.startEpochNanos());
    assertThat(path.get(path.size() - 1).endEpochNanos()).isEqualTo(root.endEpochNanos());
    for (int i = 0; i < path.size(); i++) {
      CriticalPathSegment segment = path.get(i);
      Span span = analysis.nodes().get(segment.node()).span();
      assertThat(segment.spanId()).isEqualTo(span.spanId());
      assertThat(segment.durationNanos()).isPositive();
      assertThat(segment.startEpochNanos()).isGreaterThanOrEqualTo(span.startEpochNanos());
      assertThat(segment.endEpochNanos()).isLessThanOrEqualTo(span.endEpochNanos());
      if (i > 0) {
        assertThat(segment.startEpochNanos()).isEqualTo(path.get(i - 1).endEpochNanos());
      }
    }
    assertThat(analysis.nodes().stream().mapToLong(SpanNode::criticalPathNanos).sum())
        .isEqualTo(root.durationNanos());
  }

  private static void assertSummariesAddUp(TraceAnalysis analysis, Trace trace) {
    List<ServiceSummary> services = analysis.services();
    assertThat(services.stream().mapToInt(ServiceSummary::calls).sum())
        .isEqualTo(trace.spans().size());
    assertThat(services.stream().mapToLong(ServiceSummary::totalNanos).sum())
        .isEqualTo(trace.spans().stream().mapToLong(Span::durationNanos).sum());
    assertThat(services.stream().mapToLong(ServiceSummary::selfNanos).sum())
        .isEqualTo(analysis.nodes().stream().mapToLong(SpanNode::selfNanos).sum());
    long errors = trace.spans().stream().filter(s -> s.status().isError()).count();
    assertThat(services.stream().mapToInt(ServiceSummary::errors).sum()).isEqualTo((int) errors);
    assertThat(analysis.overview().errorCount()).isEqualTo((int) errors);
    assertThat(services).isSortedAccordingTo((a, b) -> Long.compare(b.selfNanos(), a.selfNanos()));
    Map<String, Long> callsByService =
        trace.spans().stream()
            .collect(Collectors.groupingBy(Span::serviceName, Collectors.counting()));
    assertThat(services).allMatch(s -> callsByService.get(s.service()) == s.calls());
  }

  private static void assertTimelinesAreDisjointAndOrdered(TraceAnalysis analysis) {
    long traceStart = analysis.overview().startEpochNanos();
    long traceEnd = traceStart + analysis.overview().durationNanos();
    for (ServiceTimeline timeline : analysis.timeline()) {
      List<TimeRange> ranges = timeline.ranges();
      for (int i = 1; i < ranges.size(); i++) {
        assertThat(ranges.get(i).startEpochNanos())
            .isGreaterThan(ranges.get(i - 1).endEpochNanos());
      }
      assertThat(ranges.get(0).startEpochNanos()).isGreaterThanOrEqualTo(traceStart);
      assertThat(ranges.get(ranges.size() - 1).endEpochNanos()).isLessThanOrEqualTo(traceEnd);
      assertThat(timeline.activeNanos())
          .isEqualTo(ranges.stream().mapToLong(TimeRange::durationNanos).sum());
    }
  }
}
