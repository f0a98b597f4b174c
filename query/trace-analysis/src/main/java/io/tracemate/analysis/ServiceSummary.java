package io.tracemate.analysis;

/**
 * What one service did in a trace.
 *
 * @param calls spans of the service
 * @param errors spans of the service whose status is ERROR
 * @param totalNanos sum of the spans' durations (concurrent spans both count)
 * @param selfNanos sum of the spans' self times: where the service itself, not its callees, spent time
 */
public record ServiceSummary(
    String service, int calls, int errors, long totalNanos, long selfNanos) {

  /** Mean span duration; 0 when there are no calls. */
  public long averageNanos() {
    return calls == 0 ? 0 : totalNanos / calls;
  }
}
