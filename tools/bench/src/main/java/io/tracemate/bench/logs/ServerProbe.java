package io.tracemate.bench.logs;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.tracemate.bench.SharedMeasurements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What the bench reads about the server besides its answers: cumulative CPU seconds ({@code /proc/PID/stat} of
 * {@code --server-pid}, else {@code process_cpu_seconds_total}), the Prometheus gauges of the log store and ingest
 * queue, and the size of the data directory's {@code logs/} folder. Thread-safe.
 */
final class ServerProbe {

  static final String PROCESS_CPU = "process_cpu_seconds_total";
  static final String STORE_BYTES = "tracemate_log_store_bytes";
  static final String STORE_LINES = "tracemate_log_store_lines";

  /** What every durable queue holds, summed over its {@code signal} label: drained when it is 0. */
  static final String QUEUED = "tracemate_queue_size";

  /** The log queue's gauge on servers from before the one durable queue (issue 10), for old-vs-new benchmarks. */
  static final String QUEUED_BEFORE_ISSUE_10 = "tracemate_log_ingest_queue_bytes";

  private final BlockingWebClient client;
  private final Long serverPid;
  private final long clockTicks;

  ServerProbe(String baseUri, ClientFactory factory, Long serverPid) {
    this.client =
        WebClient.builder(baseUri)
            .factory(factory)
            .responseTimeout(Duration.ofSeconds(30))
            .maxResponseLength(64 << 20)
            .build()
            .blocking();
    this.serverPid = serverPid;
    this.clockTicks = SharedMeasurements.clockTicksPerSecond();
  }

  /** Where CPU time comes from, for the report. */
  String cpuSource() {
    return serverPid != null
        ? "/proc/" + serverPid + "/stat (" + clockTicks + " ticks/s)"
        : PROCESS_CPU + " on /metrics";
  }

  /** Cumulative server CPU seconds, or null when neither source answers. */
  Double cpuSeconds() {
    if (serverPid != null) {
      return SharedMeasurements.processCpuSeconds(serverPid, clockTicks);
    }
    return metrics().get(PROCESS_CPU);
  }

  /** The server's metrics, or an empty map when /metrics does not answer. */
  Map<String, Double> metrics() {
    try {
      AggregatedHttpResponse response = client.get("/metrics");
      if (response.status().code() != 200) {
        return Map.of();
      }
      return SharedMeasurements.prometheusSamples(response.contentUtf8());
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /**
   * Waits until the ingest queue is empty (everything acknowledged is in the store) and the store counts at least
   * {@code lines}, then {@code settle} more so that a periodic flush has written heads and indexes to disk.
   *
   * @return seconds waited for the queue, or -1 when it did not drain within {@code timeout}
   */
  double awaitStored(long lines, Duration timeout, Duration settle) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Map<String, Double> metrics = metrics();
      double queued =
          metrics.getOrDefault(QUEUED, metrics.getOrDefault(QUEUED_BEFORE_ISSUE_10, Double.NaN));
      double stored = metrics.getOrDefault(STORE_LINES, Double.NaN);
      boolean drained = queued == 0 || (Double.isNaN(queued) && !metrics.isEmpty());
      if (drained && (Double.isNaN(stored) || stored >= lines)) {
        double waited = (System.nanoTime() - start) / 1e9;
        Thread.sleep(settle.toMillis());
        return waited;
      }
      Thread.sleep(250);
    }
    return -1;
  }

  /** Sum of file sizes under {@code dir}, or null when it does not exist. */
  static Long directoryBytes(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return null;
    }
    AtomicLong total = new AtomicLong();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(
              file -> {
                try {
                  total.addAndGet(Files.size(file));
                } catch (IOException vanished) {
                  // A file deleted while we walk (journal rotation) no longer takes space.
                }
              });
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
    return total.get();
  }
}
