package io.tracemate.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The critical path, after Jaeger UI's algorithm (Uber, 2023), walked iteratively. See the package
 * documentation for the rules; the code's comments name which rule a step implements.
 */
final class CriticalPath {
  private final SpanForest forest;

  /** Each span clipped to its parent's window; empty (start > end) when it lies outside. */
  private final long[] windowStart;

  private final long[] windowEnd;

  /** Children of each span, ordered last-finishing first (by window end), ties: earliest start first. */
  private final int[] byEnd;

  private final int[] stackNode;
  private final int[] stackNext;
  private final List<CriticalPathSegment> reversed = new ArrayList<>();

  private CriticalPath(SpanForest forest) {
    this.forest = forest;
    int n = forest.size();
    windowStart = new long[n];
    windowEnd = new long[n];
    for (int i : forest.preorder) {
      int p = forest.parent[i];
      windowStart[i] = p < 0 ? forest.start[i] : Math.max(forest.start[i], windowStart[p]);
      windowEnd[i] = p < 0 ? forest.end[i] : Math.min(forest.end[i], windowEnd[p]);
    }
    byEnd = forest.childList.clone();
    Comparator<Integer> lastFinishingFirst = lastFinishingFirst();
    for (int i = 0; i < n; i++) {
      int from = forest.childOffset[i];
      int to = forest.childOffset[i + 1];
      if (to - from > 1) {
        Integer[] children = new Integer[to - from];
        for (int c = from; c < to; c++) {
          children[c - from] = byEnd[c];
        }
        Arrays.sort(children, lastFinishingFirst);
        for (int c = from; c < to; c++) {
          byEnd[c] = children[c - from];
        }
      }
    }
    stackNode = new int[n];
    stackNext = new int[n];
  }

  /** Segments in time order, node indexes already translated to public (pre-order) positions. */
  static List<CriticalPathSegment> of(SpanForest forest) {
    CriticalPath path = new CriticalPath(forest);
    path.walkRoots();
    List<CriticalPathSegment> segments = path.reversed;
    Collections.reverse(segments);
    return segments;
  }

  private Comparator<Integer> lastFinishingFirst() {
    return Comparator.<Integer>comparingLong(i -> -windowEnd[i])
        .thenComparingLong(i -> windowStart[i])
        .thenComparingInt(i -> i);
  }

  /**
   * Roots are independent, so between them the rule is "whoever is running at the cursor": the root that
   * covers the cursor and started earliest, else the root that finished last before it (a gap, left out).
   */
  private void walkRoots() {
    int[] roots = forest.roots;
    if (roots.length == 0) {
      return;
    }
    Integer[] ordered =
        Arrays.stream(roots).boxed().sorted(lastFinishingFirst()).toArray(Integer[]::new);
    long cursor = windowEnd[ordered[0]];
    int next = 0;
    while (next < ordered.length) {
      int chosen = -1;
      // Roots ending at or after the cursor: one that started before it covers it; the others
      // overlap the chosen one's remaining stretch and can never be chosen later, so they are
      // consumed here.
      while (next < ordered.length && windowEnd[ordered[next]] >= cursor) {
        int root = ordered[next++];
        if (windowStart[root] < cursor && (chosen < 0 || windowStart[root] < windowStart[chosen])) {
          chosen = root;
        }
      }
      if (chosen < 0) {
        if (next == ordered.length) {
          break;
        }
        chosen = ordered[next++];
      }
      walk(chosen, Math.min(windowEnd[chosen], cursor));
      cursor = windowStart[chosen];
    }
  }

  /**
   * Jaeger's walk inside one root, from {@code cursor} back to the root's start: the last-finishing child
   * ending at or before the cursor is on the path (the stretch between its end and the cursor is the
   * parent's own time); descend into it; when it is done the cursor is its start and the parent looks for
   * its next child. Children ending after the cursor overlap the path and are skipped for good, since the
   * cursor only moves back.
   */
  private void walk(int root, long startCursor) {
    long cursor = startCursor;
    int top = 0;
    stackNode[top] = root;
    stackNext[top] = forest.childOffset[root];
    top++;
    while (top > 0) {
      int span = stackNode[top - 1];
      int next = stackNext[top - 1];
      int last = forest.childOffset[span + 1];
      while (next < last && !(isInWindow(byEnd[next]) && windowEnd[byEnd[next]] <= cursor)) {
        next++;
      }
      if (next < last) {
        int child = byEnd[next];
        stackNext[top - 1] = next + 1;
        emit(span, windowEnd[child], cursor);
        cursor = windowEnd[child];
        stackNode[top] = child;
        stackNext[top] = forest.childOffset[child];
        top++;
      } else {
        emit(span, windowStart[span], cursor);
        cursor = windowStart[span];
        top--;
      }
    }
  }

  /** False for a span entirely outside its parent's window (and so for its whole subtree). */
  private boolean isInWindow(int span) {
    return windowStart[span] <= windowEnd[span];
  }

  private void emit(int span, long from, long to) {
    if (from < to) {
      reversed.add(
          new CriticalPathSegment(forest.position[span], forest.spans[span].spanId(), from, to));
    }
  }
}
