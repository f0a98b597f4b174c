package io.tracemate.bench;

import java.util.List;

/**
 * The results of a bench run; serialized as-is to {@code --json-out}. Nullable numbers are
 * measurements that were not available (no PID and no CPU metric, no storage gauges, ...).
 */
public record BenchReport(
    String target,
    int spansPerTraceAvg,
    int attributesPerSpan,
    int batchSpans,
    int connections,
    String cpuSource,
    List<Ingest> ingest,
    List<Query> queries,
    Storage storage) {

  /** One ingest phase. */
  public record Ingest(
      String protocol,
      long spansSent,
      long spansAccepted,
      long spansRejected,
      long throttledResponses,
      long failedRequests,
      double seconds,
      double acceptedSpansPerSecond,
      LatencySummary requestLatency,
      Double serverCpuSeconds,
      Double serverCpuSecondsPerMillionSpans,
      String firstError) {}

  /** One kind of query. */
  public record Query(
      String query,
      int samples,
      int ok,
      int notFound,
      int errors,
      LatencySummary latency,
      String firstError) {}

  /** Bytes on disk per stored span, and how that was measured. */
  public record Storage(
      Double bytesPerSpan, Double storageBytes, Double storageSpans, String method) {}
}
