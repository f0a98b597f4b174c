package io.tracemate.analysis;

import io.tracemate.model.Attribute;
import io.tracemate.model.AttributeValue;
import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent/child structure of one trace's spans in flat arrays, indexed by start order ("sorted index").
 * Arrays rather than node objects keep a 10,000-span trace cheap, and every walk is iterative so a
 * 10,000-deep chain cannot overflow the stack. Package-private: the public face is {@link SpanNode}.
 */
final class SpanForest {
  static final int NO_PARENT = -1;

  final Span[] spans;
  final long[] start;

  /** Never before {@link #start}: a span that ends before it starts is treated as instantaneous. */
  final long[] end;

  final int[] parent;

  /** Children of i are {@code childList[childOffset[i] .. childOffset[i + 1])}, by start time. */
  final int[] childOffset;

  final int[] childList;
  final int[] roots;
  final int[] preorder;

  /** Position of each sorted index in {@link #preorder}, i.e. its public node index. */
  final int[] position;

  final int[] depth;
  final boolean[] orphan;
  final boolean[] sharedId;
  final boolean[] cycleBroken;

  private SpanForest(Span[] spans) {
    int n = spans.length;
    this.spans = spans;
    start = new long[n];
    end = new long[n];
    for (int i = 0; i < n; i++) {
      start[i] = spans[i].startEpochNanos();
      end[i] = Math.max(start[i], spans[i].endEpochNanos());
    }
    parent = new int[n];
    childOffset = new int[n + 1];
    childList = new int[n];
    preorder = new int[n];
    position = new int[n];
    depth = new int[n];
    orphan = new boolean[n];
    sharedId = new boolean[n];
    cycleBroken = new boolean[n];
    linkParents();
    breakCycles();
    roots = linkChildren();
    orderDepthFirst();
  }

  static SpanForest of(List<Span> input) {
    Span[] sorted = input.toArray(Span[]::new);
    // Stable sort: equal starts keep input order after the longer span, so a parent precedes its
    // children.
    Arrays.sort(
        sorted,
        Comparator.comparingLong(Span::startEpochNanos)
            .thenComparing(Comparator.comparingLong(Span::endEpochNanos).reversed()));
    return new SpanForest(sorted);
  }

  int size() {
    return spans.length;
  }

  int childCount(int i) {
    return childOffset[i + 1] - childOffset[i];
  }

  /**
   * Resolves parent span IDs to sorted indexes. Several spans may share an ID (see the package
   * documentation): references to a shared ID go to its server half, and the server half hangs under the
   * client half.
   */
  private void linkParents() {
    int n = spans.length;
    Map<Long, Integer> firstWithId = new HashMap<>(n * 2);
    int[] nextWithSameId = new int[n];
    for (int i = n - 1; i >= 0; i--) {
      Integer later = firstWithId.put(spans[i].spanId().value(), i);
      nextWithSameId[i] = later == null ? -1 : later;
    }
    Map<Long, Integer> referenceTarget = new HashMap<>();
    int[] forcedParent = new int[n];
    Arrays.fill(forcedParent, NO_PARENT);
    for (Map.Entry<Long, Integer> group : firstWithId.entrySet()) {
      int first = group.getValue();
      if (nextWithSameId[first] < 0) {
        continue;
      }
      int serverHalf = findServerHalf(first, nextWithSameId);
      int target = first;
      if (serverHalf >= 0) {
        int clientHalf = first != serverHalf ? first : nextWithSameId[first];
        forcedParent[serverHalf] = clientHalf;
        target = serverHalf;
      }
      referenceTarget.put(group.getKey(), target);
      for (int i = first; i >= 0; i = nextWithSameId[i]) {
        sharedId[i] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      if (forcedParent[i] != NO_PARENT) {
        parent[i] = forcedParent[i];
        continue;
      }
      Span span = spans[i];
      if (!span.parentSpanId().isValid()) {
        parent[i] = NO_PARENT;
        continue;
      }
      long parentId = span.parentSpanId().value();
      Integer target = referenceTarget.get(parentId);
      if (target == null) {
        target = firstWithId.get(parentId);
      }
      if (target == null) {
        parent[i] = NO_PARENT;
        orphan[i] = true;
      } else {
        parent[i] = target;
      }
    }
  }

  /** The span Zipkin marked shared, else the first SERVER span of the group; -1 when there is neither. */
  private int findServerHalf(int first, int[] nextWithSameId) {
    for (int i = first; i >= 0; i = nextWithSameId[i]) {
      AttributeValue shared = Attribute.find(spans[i].attributes(), "zipkin.shared");
      if (shared instanceof AttributeValue.BoolValue(boolean value) && value) {
        return i;
      }
    }
    for (int i = first; i >= 0; i = nextWithSameId[i]) {
      if (spans[i].kind() == SpanKind.SERVER) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Walks up from every span; meeting a span already on the current walk means a cycle, which is cut at its
   * earliest-starting member (that span becomes a root). Each span is walked once: O(n).
   */
  private void breakCycles() {
    int n = spans.length;
    byte[] state = new byte[n]; // 0 unvisited, 1 on the current walk, 2 done
    int[] walk = new int[n];
    for (int i = 0; i < n; i++) {
      if (state[i] != 0) {
        continue;
      }
      int length = 0;
      int j = i;
      while (j != NO_PARENT && state[j] == 0) {
        state[j] = 1;
        walk[length++] = j;
        j = parent[j];
      }
      if (j != NO_PARENT && state[j] == 1) {
        int earliest = j;
        for (int k = parent[j]; k != j; k = parent[k]) {
          earliest = Math.min(earliest, k);
        }
        parent[earliest] = NO_PARENT;
        cycleBroken[earliest] = true;
      }
      for (int k = 0; k < length; k++) {
        state[walk[k]] = 2;
      }
    }
  }

  private int[] linkChildren() {
    int n = spans.length;
    int rootCount = 0;
    for (int i = 0; i < n; i++) {
      if (parent[i] == NO_PARENT) {
        rootCount++;
      } else {
        childOffset[parent[i] + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      childOffset[i + 1] += childOffset[i];
    }
    int[] fill = Arrays.copyOf(childOffset, n);
    int[] rootList = new int[rootCount];
    int r = 0;
    for (int i = 0; i < n; i++) {
      if (parent[i] == NO_PARENT) {
        rootList[r++] = i;
      } else {
        childList[fill[parent[i]]++] = i;
      }
    }
    return rootList;
  }

  private void orderDepthFirst() {
    int[] stack = new int[spans.length];
    int top = 0;
    for (int r = roots.length - 1; r >= 0; r--) {
      stack[top++] = roots[r];
    }
    int next = 0;
    while (top > 0) {
      int i = stack[--top];
      position[i] = next;
      preorder[next++] = i;
      for (int c = childOffset[i + 1] - 1; c >= childOffset[i]; c--) {
        int child = childList[c];
        depth[child] = depth[i] + 1;
        stack[top++] = child;
      }
    }
  }
}
