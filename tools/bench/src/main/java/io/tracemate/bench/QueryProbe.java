package io.tracemate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.QueryParams;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Measures query latency one request at a time (no contention from the bench itself): trace by
 * ID over sent trace IDs, and a service + tag search over the workload's entry routes. Stops at
 * the sample count or the deadline, whichever comes first. A 404 or an empty result counts as
 * "not found" (with its latency); other statuses and transport failures are errors.
 */
final class QueryProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SEARCH_LIMIT = 20;

  private final BlockingWebClient client;
  private final QueryApi api;

  QueryProbe(BlockingWebClient client, QueryApi api) {
    this.client = client;
    this.api = api;
  }

  BenchReport.Query traceById(List<String> traceIds, int samples, long deadlineNanos) {
    Tally tally =
        new Tally(
            api == QueryApi.JAEGER
                ? "trace-by-id GET /api/traces/{id}"
                : "trace-by-id GET /api/v2/trace/{id}");
    for (int i = 0; i < samples && !traceIds.isEmpty() && System.nanoTime() < deadlineNanos; i++) {
      String traceId = traceIds.get(i % traceIds.size());
      String path = api == QueryApi.JAEGER ? "/api/traces/" + traceId : "/api/v2/trace/" + traceId;
      tally.measure(() -> client.get(path));
    }
    return tally.report();
  }

  /** Searches {@value SyntheticWorkload#ENTRY_SERVICE} for traces with a given route, over [startMicros, endMicros]. */
  BenchReport.Query search(int samples, long startMicros, long endMicros, long deadlineNanos) {
    String tag = SyntheticWorkload.SEARCH_TAG;
    Tally tally =
        new Tally(
            api == QueryApi.JAEGER
                ? "search GET /api/traces?service&tags&limit=" + SEARCH_LIMIT
                : "search GET /api/v2/traces?serviceName&annotationQuery&limit=" + SEARCH_LIMIT);
    for (int i = 0; i < samples && System.nanoTime() < deadlineNanos; i++) {
      String route = SyntheticWorkload.ROUTES.get(i % SyntheticWorkload.ROUTES.size());
      QueryParams params =
          api == QueryApi.JAEGER
              ? QueryParams.builder()
                  .add("service", SyntheticWorkload.ENTRY_SERVICE)
                  .add("tags", tagsJson(tag, route))
                  .add("limit", Integer.toString(SEARCH_LIMIT))
                  .add("start", Long.toString(startMicros))
                  .add("end", Long.toString(endMicros))
                  .build()
              : QueryParams.builder()
                  .add("serviceName", SyntheticWorkload.ENTRY_SERVICE)
                  .add("annotationQuery", tag + "=" + route)
                  .add("limit", Integer.toString(SEARCH_LIMIT))
                  .add("endTs", Long.toString(endMicros / 1_000))
                  .add("lookback", Long.toString(Math.max(1, (endMicros - startMicros) / 1_000)))
                  .build();
      String path = api == QueryApi.JAEGER ? "/api/traces" : "/api/v2/traces";
      tally.measure(() -> client.get(path, params));
    }
    return tally.report();
  }

  /** Longest the ack-to-visible probe polls one trace before counting it as not found. */
  private static final long VISIBLE_TIMEOUT_NANOS = 10_000_000_000L;

  /**
   * Read what you just wrote: sends one batch at a time and, as soon as it is acknowledged, asks for its last trace
   * by ID, again and again with no pause, until the answer holds it. The latency is from the acknowledgement to the
   * start of the request that found it (so a first request that finds it counts as zero, and the figure says how
   * long the data was not yet visible); a trace not visible within 10 s counts as not found.
   */
  BenchReport.Query ackToVisible(
      BatchSender sender,
      BatchTemplate template,
      IdAllocator ids,
      int samples,
      long deadlineNanos) {
    String name =
        api == QueryApi.JAEGER
            ? "ack-to-visible: send, then GET /api/traces/{id} until found"
            : "ack-to-visible: send, then GET /api/v2/trace/{id} until found";
    return untilVisible(
        name,
        sender,
        template,
        ids,
        samples,
        deadlineNanos,
        sample -> now(),
        (traceId, endNanos) -> {
          String path =
              api == QueryApi.JAEGER ? "/api/traces/" + traceId : "/api/v2/trace/" + traceId;
          AggregatedHttpResponse response = client.get(path);
          return response.status().code() == 200 && hasTraces(response)
              ? Found.YES
              : Found.of(response);
        });
  }

  /**
   * {@link #ackToVisible}, finding the batch's last trace by a search instead (the entry service, over the batch's
   * own time window, limit 100): trace by ID may be answered from where a store keeps a trace's newest spans, a search
   * only from what is indexed, or from the newest data kept beside the index. Each batch gets a time slot of its own,
   * 30 minutes back and 20 s apart, so that neither other probe batches nor load sent at the present share its window.
   */
  BenchReport.Query ackToVisibleBySearch(
      BatchSender sender,
      BatchTemplate template,
      IdAllocator ids,
      int samples,
      long deadlineNanos) {
    String name =
        api == QueryApi.JAEGER
            ? "ack-to-visible: send, then search GET /api/traces?service&start&end until found"
            : "ack-to-visible: send, then search GET /api/v2/traces?serviceName&endTs until found";
    long firstSlot = now() - SEARCH_SLOTS_BACK_NANOS;
    return untilVisible(
        name,
        sender,
        template,
        ids,
        samples,
        deadlineNanos,
        sample -> firstSlot + sample * SEARCH_SLOT_NANOS,
        (traceId, endNanos) -> {
          long endMicros = endNanos / 1_000 + 1_000;
          long startMicros = endMicros - SEARCH_WINDOW_NANOS / 1_000;
          QueryParams params =
              api == QueryApi.JAEGER
                  ? QueryParams.builder()
                      .add("service", SyntheticWorkload.ENTRY_SERVICE)
                      .add("limit", "100")
                      .add("start", Long.toString(startMicros))
                      .add("end", Long.toString(endMicros))
                      .build()
                  : QueryParams.builder()
                      .add("serviceName", SyntheticWorkload.ENTRY_SERVICE)
                      .add("limit", "100")
                      .add("endTs", Long.toString(endMicros / 1_000))
                      .add("lookback", Long.toString(SEARCH_WINDOW_NANOS / 1_000_000))
                      .build();
          AggregatedHttpResponse response =
              client.get(api == QueryApi.JAEGER ? "/api/traces" : "/api/v2/traces", params);
          return response.status().code() == 200 && holdsTrace(response, traceId)
              ? Found.YES
              : Found.of(response);
        });
  }

  /** How far back the search probe's first batch is placed, and how far apart the next ones. */
  private static final long SEARCH_SLOTS_BACK_NANOS = 30L * 60 * 1_000_000_000L;

  private static final long SEARCH_SLOT_NANOS = 20_000_000_000L;
  private static final long SEARCH_WINDOW_NANOS = 15_000_000_000L;

  /** What one lookup found: the trace, not yet (an answer without it, or 404), or an error to stop on. */
  private enum Found {
    YES,
    NOT_YET,
    ERROR;

    static Found of(AggregatedHttpResponse response) {
      int status = response.status().code();
      return status == 200 || status == 404 ? NOT_YET : ERROR;
    }
  }

  @FunctionalInterface
  private interface Lookup {
    /** Looks for {@code traceId} (hex) of a batch whose last span ended at {@code endNanos}. */
    Found find(String traceId, long endNanos);
  }

  private BenchReport.Query untilVisible(
      String name,
      BatchSender sender,
      BatchTemplate template,
      IdAllocator ids,
      int samples,
      long deadlineNanos,
      java.util.function.IntToLongFunction batchEnd,
      Lookup lookup) {
    LatencyRecorder latencies = new LatencyRecorder(100_000);
    int sent = 0;
    int found = 0;
    int notFound = 0;
    int errors = 0;
    String firstError = null;
    for (int i = 0; i < samples && System.nanoTime() < deadlineNanos; i++) {
      long endNanos = batchEnd.applyAsLong(i);
      EncodedBatch batch = template.instantiate(ids, endNanos);
      Attempt attempt = sender.send(batch);
      long ackedAt = System.nanoTime();
      sent++;
      if (attempt.outcome() != Attempt.Outcome.ACCEPTED) {
        errors++;
        firstError = firstError == null ? "send: " + attempt.error() : firstError;
        continue;
      }
      String traceId = ids.traceIdHex(batch.firstTraceLow() + batch.traces() - 1);
      Long visibleAfter = null;
      while (visibleAfter == null && System.nanoTime() - ackedAt < VISIBLE_TIMEOUT_NANOS) {
        long askedAt = System.nanoTime();
        Found answer;
        try {
          answer = lookup.find(traceId, endNanos);
        } catch (RuntimeException e) {
          firstError = firstError == null ? e.toString() : firstError;
          break;
        }
        if (answer == Found.YES) {
          visibleAfter = askedAt - ackedAt;
        } else if (answer == Found.ERROR) {
          firstError = firstError == null ? "an error answer to the lookup" : firstError;
          break;
        }
      }
      if (visibleAfter != null) {
        found++;
        latencies.record(Math.max(0, visibleAfter));
      } else {
        notFound++;
      }
    }
    return new BenchReport.Query(
        name, sent, found, notFound, errors, latencies.summary(), firstError);
  }

  private static long now() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static String tagsJson(String key, String value) {
    try {
      return JSON.writeValueAsString(Map.of(key, value));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a search answer holds the trace: Jaeger {"data": [{"traceID"}]}, Zipkin [[{"traceId"}]]. */
  private static boolean holdsTrace(AggregatedHttpResponse response, String traceId) {
    String wanted = stripLeadingZeros(traceId);
    try {
      JsonNode body = JSON.readTree(response.content().array());
      JsonNode traces = body.isArray() ? body : body.path("data");
      for (JsonNode trace : traces) {
        JsonNode id = trace.isArray() ? trace.path(0).path("traceId") : trace.path("traceID");
        if (stripLeadingZeros(id.asText()).equalsIgnoreCase(wanted)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static String stripLeadingZeros(String hex) {
    int i = 0;
    while (i < hex.length() - 1 && hex.charAt(i) == '0') {
      i++;
    }
    return hex.substring(i);
  }

  /** Whether a 200 response actually holds traces: Jaeger {"data": [...]}, Zipkin [...]. */
  private static boolean hasTraces(AggregatedHttpResponse response) {
    try {
      JsonNode body = JSON.readTree(response.content().array());
      JsonNode traces = body.isArray() ? body : body.path("data");
      return traces.isArray() && !traces.isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static final class Tally {
    private final String name;
    private final LatencyRecorder latencies = new LatencyRecorder(100_000);
    private int samples;
    private int ok;
    private int notFound;
    private int errors;
    private String firstError;

    Tally(String name) {
      this.name = name;
    }

    void measure(java.util.function.Supplier<AggregatedHttpResponse> request) {
      samples++;
      long start = System.nanoTime();
      AggregatedHttpResponse response;
      try {
        response = request.get();
      } catch (RuntimeException e) {
        errors++;
        firstError = firstError == null ? e.toString() : firstError;
        return;
      }
      long latency = System.nanoTime() - start;
      int status = response.status().code();
      if (status == 200) {
        latencies.record(latency);
        if (hasTraces(response)) {
          ok++;
        } else {
          notFound++;
        }
      } else if (status == 404) {
        latencies.record(latency);
        notFound++;
      } else {
        errors++;
        if (firstError == null) {
          String body = response.contentUtf8();
          firstError = "HTTP " + status + ": " + body.substring(0, Math.min(200, body.length()));
        }
      }
    }

    BenchReport.Query report() {
      return new BenchReport.Query(
          name, samples, ok, notFound, errors, latencies.summary(), firstError);
    }
  }
}
