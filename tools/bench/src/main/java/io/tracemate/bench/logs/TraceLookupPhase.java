package io.tracemate.bench.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.QueryParams;
import io.tracemate.bench.SharedMeasurements;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Looks up the logs of known trace IDs through {@code GET /api/logs/trace/{traceID}} over the corpus range, one
 * request at a time (latency, not throughput), in a seeded random order. Not thread-safe.
 */
final class TraceLookupPhase {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingWebClient client;
  private final ServerProbe probe;

  TraceLookupPhase(String baseUri, ClientFactory factory, ServerProbe probe, Duration timeout) {
    this.probe = probe;
    this.client =
        WebClient.builder(baseUri)
            .factory(factory)
            .responseTimeout(timeout)
            .maxResponseLength(64 << 20)
            .build()
            .blocking();
  }

  LogBenchReport.TraceLookups run(
      List<String> traceIds, int samples, long startNanos, long endNanos, long seed) {
    if (traceIds.isEmpty() || samples <= 0) {
      return new LogBenchReport.TraceLookups(
          0,
          0,
          0,
          0,
          0,
          SharedMeasurements.latencies(new long[0]),
          null,
          traceIds.isEmpty() ? "no trace ID known to be stored" : null);
    }
    List<String> order = new ArrayList<>(traceIds);
    Collections.shuffle(order, new Random(seed));
    String window =
        "?"
            + QueryParams.builder()
                .add("start", Long.toString(startNanos))
                .add("end", Long.toString(endNanos))
                .build()
                .toQueryString();
    long[] latencies = new long[samples];
    int measured = 0;
    int found = 0;
    int empty = 0;
    int errors = 0;
    long entries = 0;
    String firstError = null;
    Double cpuBefore = probe.cpuSeconds();
    for (int i = 0; i < samples; i++) {
      String traceId = order.get(i % order.size());
      long start = System.nanoTime();
      AggregatedHttpResponse response;
      try {
        response = client.get("/api/logs/trace/" + traceId + window);
      } catch (RuntimeException e) {
        errors++;
        firstError = firstError == null ? e.toString() : firstError;
        continue;
      }
      long elapsed = System.nanoTime() - start;
      if (response.status().code() != 200) {
        errors++;
        firstError = firstError == null ? FailedAnswer.describe(response) : firstError;
        continue;
      }
      latencies[measured++] = elapsed;
      int count = entryCount(response.contentUtf8());
      entries += count;
      if (count > 0) {
        found++;
      } else {
        empty++;
      }
    }
    Double cpuAfter = probe.cpuSeconds();
    Double cpuPerLookup =
        cpuBefore == null || cpuAfter == null ? null : (cpuAfter - cpuBefore) * 1e3 / samples;
    long[] samplesTaken = Arrays.copyOf(latencies, measured);
    return new LogBenchReport.TraceLookups(
        samples,
        found,
        empty,
        errors,
        measured == 0 ? 0 : entries / (double) measured,
        SharedMeasurements.latencies(samplesTaken),
        cpuPerLookup,
        firstError);
  }

  private static int entryCount(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json.path("entries").size();
    } catch (IOException e) {
      return 0;
    }
  }
}
