package io.tracemate.analysis;

/** Self time per span: its duration minus the union of its children's intervals clipped to it. */
final class SelfTimes {
  private SelfTimes() {}

  /** Indexed like the forest (sorted index). Children are in start order, so one merging sweep suffices. */
  static long[] of(SpanForest forest) {
    int n = forest.size();
    long[] self = new long[n];
    for (int i = 0; i < n; i++) {
      long from = forest.start[i];
      long to = forest.end[i];
      long covered = 0;
      long runStart = 0;
      long runEnd = 0;
      boolean inRun = false;
      for (int c = forest.childOffset[i]; c < forest.childOffset[i + 1]; c++) {
        int child = forest.childList[c];
        // Clipping keeps start order: max(start, from) is monotonic in start.
        long childStart = Math.max(forest.start[child], from);
        long childEnd = Math.min(forest.end[child], to);
        if (childEnd <= childStart) {
          continue;
        }
        if (inRun && childStart <= runEnd) {
          runEnd = Math.max(runEnd, childEnd);
        } else {
          if (inRun) {
            covered += runEnd - runStart;
          }
          runStart = childStart;
          runEnd = childEnd;
          inRun = true;
        }
      }
      if (inRun) {
        covered += runEnd - runStart;
      }
      self[i] = (to - from) - covered;
    }
    return self;
  }
}
