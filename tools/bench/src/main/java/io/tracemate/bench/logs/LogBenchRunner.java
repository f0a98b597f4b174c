package io.tracemate.bench.logs;

import com.linecorp.armeria.client.ClientFactory;
import io.tracemate.bench.LatencySummary;
import io.tracemate.testing.corpus.LogCorpus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the phases against a running server: (1) push the corpus, (2) wait until the store has it and measure
 * bytes on disk, (3) scan with {@code |=} queries, (4) look up trace IDs. Progress goes to {@code log}. One run per
 * instance.
 */
final class LogBenchRunner {

  private final LogBenchOptions options;
  private final PrintWriter log;
  private final Clock clock;

  LogBenchRunner(LogBenchOptions options, PrintWriter log, Clock clock) {
    this.options = options;
    this.log = log;
    this.clock = clock;
  }

  LogBenchReport run() throws InterruptedException {
    long nowNanos = epochNanos();
    long corpusStart = nowNanos - options.timeSpan().toNanos();
    LogCorpus corpus =
        new LogCorpus(options.seed(), options.streams(), corpusStart, options.nanosPerLine());
    CorpusBatches batches =
        new CorpusBatches(corpus, options.format(), options.batchLines(), options.maxBytes());
    try (ClientFactory factory =
        ClientFactory.builder()
            .maxNumEventLoopsPerEndpoint(options.connections())
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      ServerProbe probe = new ServerProbe(options.baseUri(), factory, options.serverPid());
      LokiPusher pusher =
          new LokiPusher(options.baseUri(), factory, options.format(), Duration.ofSeconds(60));

      progress(
          "ingest: pushing up to %.2f GB of corpus (%s) for at most %s",
          options.maxBytes() / 1e9, options.format().cliName(), options.duration());
      Double cpuBefore = probe.cpuSeconds();
      LogIngestPhase.Result pushed =
          new LogIngestPhase(batches, pusher, options.connections(), options.duration()).run();
      progress(
          "ingest: %,d lines acknowledged in %.1f s; waiting for the store",
          pushed.linesAccepted(), pushed.seconds());
      double drain =
          probe.awaitStored(pushed.linesAccepted(), options.drainTimeout(), Duration.ZERO);
      Double cpuAfter = probe.cpuSeconds();
      Thread.sleep(options.settle().toMillis());
      LogBenchReport.Ingest ingest = ingest(pushed, cpuBefore, cpuAfter);
      LogBenchReport.Storage storage = storage(probe, pushed, drain);

      long queryStart = corpusStart - 1_000_000_000L;
      long queryEnd = Math.max(epochNanos(), nowNanos) + Duration.ofMinutes(10).toNanos();
      List<LogBenchReport.Scan> scans = new ArrayList<>();
      LogBenchReport.Scan appScan = null;
      if (options.scanRuns() > 0 && pushed.linesAccepted() > 0) {
        ScanQueryPhase scanner =
            new ScanQueryPhase(options.baseUri(), factory, probe, Duration.ofMinutes(10));
        for (String query : scanQueries()) {
          progress("scan: %s, 1 warm-up + %d runs", query, options.scanRuns());
          scanner.run(query, queryStart, queryEnd, 5000, 1);
          LogBenchReport.Scan scan =
              scanner.run(query, queryStart, queryEnd, 5000, options.scanRuns());
          scans.add(scan);
          appScan = appScan == null ? scan : appScan;
        }
      }
      LogBenchReport.TraceLookups lookups = null;
      if (options.querySamples() > 0) {
        progress(
            "trace lookups: %d of %,d stored sampled trace IDs",
            options.querySamples(), pushed.storedTraceIds().size());
        lookups =
            new TraceLookupPhase(options.baseUri(), factory, probe, Duration.ofSeconds(30))
                .run(
                    pushed.storedTraceIds(),
                    options.querySamples(),
                    queryStart,
                    queryEnd,
                    options.seed());
      }
      return new LogBenchReport(
          options.baseUri(),
          options.format().cliName(),
          options.streams(),
          options.batchLines(),
          options.connections(),
          options.seed(),
          probe.cpuSource(),
          ingest,
          storage,
          scans,
          lookups,
          LogTargets.check(ingest, storage, appScan, lookups, pushed.lineBytesAccepted()));
    }
  }

  /** The selective query on one app, then the same needle over every stream. */
  List<String> scanQueries() {
    String needle = "|= \"" + LogCorpus.RARE_NEEDLE + "\"";
    return List.of("{app=\"" + options.scanApp() + "\"} " + needle, "{env=\"prod\"} " + needle);
  }

  private static LogBenchReport.Ingest ingest(
      LogIngestPhase.Result pushed, Double cpuBefore, Double cpuAfter) {
    double megabytes = pushed.lineBytesAccepted() / 1e6;
    Double cpu = cpuBefore == null || cpuAfter == null ? null : cpuAfter - cpuBefore;
    Double perCpu = cpu == null || cpu <= 0 ? null : megabytes / cpu;
    LatencySummary latency = LogIngestPhase.latency(pushed);
    return new LogBenchReport.Ingest(
        pushed.linesAccepted(),
        pushed.lineBytesAccepted(),
        pushed.bodyBytesSent(),
        pushed.throttled(),
        pushed.failedRequests(),
        pushed.seconds(),
        megabytes / pushed.seconds(),
        cpu,
        perCpu,
        pushed.feedWaitSeconds(),
        latency,
        pushed.firstError());
  }

  private LogBenchReport.Storage storage(
      ServerProbe probe, LogIngestPhase.Result pushed, double drain) {
    var metrics = probe.metrics();
    Double storeBytes = metrics.get(ServerProbe.STORE_BYTES);
    Double storeLines = metrics.get(ServerProbe.STORE_LINES);
    Double perLine =
        storeBytes == null || storeLines == null || storeLines <= 0
            ? null
            : storeBytes / storeLines;
    Long dirBytes =
        options.dataDir() == null
            ? null
            : ServerProbe.directoryBytes(options.dataDir().resolve("logs"));
    // The store may hold lines from before this run (a warm-up): divide by what it holds when it
    // says so.
    double lines = storeLines != null && storeLines > 0 ? storeLines : pushed.linesAccepted();
    Double dirPerLine = dirBytes == null || lines == 0 ? null : dirBytes / lines;
    double averageLine =
        pushed.linesAccepted() == 0
            ? Double.NaN
            : pushed.lineBytesAccepted() / (double) pushed.linesAccepted();
    return new LogBenchReport.Storage(
        storeBytes, storeLines, perLine, dirBytes, dirPerLine, averageLine, drain);
  }

  private void progress(String format, Object... args) {
    log.printf(Locale.ROOT, "[bench-logs] " + format + "%n", args);
    log.flush();
  }

  private long epochNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
