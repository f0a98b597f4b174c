package io.tracemate.bench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.QueryParams;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Runs one LogQL log query ({@code /loki/api/v1/query_range}) over the whole corpus range a few times, one at a
 * time, and relates the line bytes the store read ({@code X-Tracemate-Bytes-Scanned}, else the response's
 * {@code stats.summary.totalBytesProcessed}) to the server CPU time and wall-clock time spent. Not thread-safe.
 */
final class ScanQueryPhase {

  static final String BYTES_SCANNED_HEADER = "X-Tracemate-Bytes-Scanned";
  static final String LINES_SCANNED_HEADER = "X-Tracemate-Lines-Scanned";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingWebClient client;
  private final ServerProbe probe;

  ScanQueryPhase(String baseUri, ClientFactory factory, ServerProbe probe, Duration timeout) {
    this.client =
        WebClient.builder(baseUri)
            .factory(factory)
            .responseTimeout(timeout)
            .maxResponseLength(256 << 20)
            .build()
            .blocking();
    this.probe = probe;
  }

  LogBenchReport.Scan run(String query, long startNanos, long endNanos, int limit, int runs) {
    String path =
        "/loki/api/v1/query_range?"
            + QueryParams.builder()
                .add("query", query)
                .add("start", Long.toString(startNanos))
                .add("end", Long.toString(endNanos))
                .add("limit", Integer.toString(limit))
                .add("direction", "backward")
                .build()
                .toQueryString();
    long[] bytes = new long[runs];
    long[] lines = new long[runs];
    long[] nanos = new long[runs];
    int ok = 0;
    int entries = 0;
    double cpuTotal = 0;
    boolean cpuKnown = true;
    long bytesTotal = 0;
    String firstError = null;
    for (int run = 0; run < runs; run++) {
      Double cpuBefore = probe.cpuSeconds();
      long start = System.nanoTime();
      AggregatedHttpResponse response;
      try {
        response = client.get(path);
      } catch (RuntimeException e) {
        firstError = firstError == null ? e.toString() : firstError;
        continue;
      }
      long elapsed = System.nanoTime() - start;
      Double cpuAfter = probe.cpuSeconds();
      if (response.status().code() != 200) {
        firstError = firstError == null ? FailedAnswer.describe(response) : firstError;
        continue;
      }
      JsonNode json = parse(response.contentUtf8());
      long scanned =
          headerOr(
              response,
              BYTES_SCANNED_HEADER,
              json.path("data")
                  .path("stats")
                  .path("summary")
                  .path("totalBytesProcessed")
                  .asLong(-1));
      long scannedLines =
          headerOr(
              response,
              LINES_SCANNED_HEADER,
              json.path("data")
                  .path("stats")
                  .path("summary")
                  .path("totalLinesProcessed")
                  .asLong(-1));
      bytes[ok] = scanned;
      lines[ok] = scannedLines;
      nanos[ok] = elapsed;
      entries = countEntries(json);
      bytesTotal += Math.max(0, scanned);
      if (cpuBefore == null || cpuAfter == null) {
        cpuKnown = false;
      } else {
        cpuTotal += cpuAfter - cpuBefore;
      }
      ok++;
    }
    if (ok == 0) {
      return new LogBenchReport.Scan(
          query, runs, 0, -1, -1, 0, Double.NaN, null, null, Double.NaN, firstError);
    }
    int median = medianIndex(nanos, ok);
    double medianSeconds = nanos[median] / 1e9;
    Double cpu = cpuKnown ? cpuTotal : null;
    // CPU time is read in clock ticks (10 ms): summing runs before dividing keeps the rounding
    // small.
    Double perCpu = cpuKnown && cpuTotal > 0 ? bytesTotal / 1e9 / cpuTotal : null;
    return new LogBenchReport.Scan(
        query,
        runs,
        ok,
        bytes[median],
        lines[median],
        entries,
        medianSeconds,
        cpu,
        perCpu,
        bytes[median] / 1e9 / medianSeconds,
        firstError);
  }

  /** Index (among the first {@code count}) of the median duration. */
  static int medianIndex(long[] values, int count) {
    Integer[] order = new Integer[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(values[a], values[b]));
    return order[(count - 1) / 2];
  }

  private static long headerOr(AggregatedHttpResponse response, String header, long fallback) {
    String value = response.headers().get(header);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static int countEntries(JsonNode json) {
    int count = 0;
    for (JsonNode stream : json.path("data").path("result")) {
      count += stream.path("values").size();
    }
    return count;
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
