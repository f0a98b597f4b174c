package io.tracemate.bench.logs;

import io.tracemate.bench.BenchCommands;
import io.tracemate.bench.BenchTarget;
import io.tracemate.bench.DurationConverter;
import io.tracemate.bench.JsonReportOption;
import io.tracemate.bench.ParsingConverter;
import io.tracemate.common.units.ByteSizes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tracemate bench-logs}: pushes a deterministic corpus of realistic JSON and logfmt application logs to a
 * running server over Loki's push API, then reports ingest MB/s per server CPU-second, bytes on disk per line,
 * scan rate of a selective {@code |=} query per CPU-second and trace-ID lookup latency, each against the logs
 * issue's targets.
 */
@Command(
    name = "bench-logs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpWidth = 110,
    description = {
      "Loads a RUNNING Tracemate server with a deterministic corpus of JSON and logfmt application logs",
      "(~870 bytes per line, 100 streams, trace context in structured metadata, a rare needle in about",
      "1 line in 2,000) over Loki's push API, then reports, each against the logs issue's targets:",
      "  - ingest: raw line MB/s (wall) and per server CPU-second,",
      "  - bytes on disk per line after a flush (tracemate_log_store_bytes / _lines, DATA_DIR/logs),",
      "  - GB scanned per server CPU-second by {app=\"x\"} |= \"needle\" and {env=\"prod\"} |= \"needle\"",
      "    over the whole range (X-Tracemate-Bytes-Scanned),",
      "  - p50/p99 of GET /api/logs/trace/{traceID} for known trace IDs.",
      "The server's log limits must allow the load: bin/benchmark-logs starts one that does.",
      "Only loopback targets are allowed unless --allow-remote is given.",
      ""
    })
public final class LogBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BenchTarget target = new BenchTarget();

  @Option(
      names = "--http-port",
      defaultValue = "16686",
      description =
          "Port of Loki push, the Loki query API and /metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--duration",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Time bound of the ingest phase, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--max-bytes",
      defaultValue = "1GB",
      converter = SizeOption.class,
      paramLabel = "SIZE",
      description =
          "Raw line bytes to push, e.g. 500MB, 2GB, 10GB (decimal) (default: ${DEFAULT-VALUE}).")
  long maxBytes;

  @Option(
      names = "--format",
      defaultValue = "protobuf",
      converter = FormatOption.class,
      description = "Push body: json or protobuf (snappy) (default: ${DEFAULT-VALUE}).")
  PushFormat format;

  @Option(
      names = "--connections",
      defaultValue = "4",
      description = "Concurrent pushes in flight (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(
      names = "--batch-lines",
      defaultValue = "1000",
      description = "Lines per push request (default: ${DEFAULT-VALUE}).")
  int batchLines;

  @Option(
      names = "--streams",
      defaultValue = "100",
      description = "Log streams (pods) in the corpus (default: ${DEFAULT-VALUE}).")
  int streams;

  @Option(
      names = "--time-span",
      defaultValue = "2h",
      converter = DurationConverter.class,
      description = "Time the corpus's timestamps cover, ending now (default: ${DEFAULT-VALUE}).")
  Duration timeSpan;

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      description =
          "Local server process: CPU time is read from /proc/PID/stat; without it, from the server's "
              + "process_cpu_seconds_total.")
  Long serverPid;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data directory: DIR/logs is measured too.")
  Path dataDir;

  @Option(
      names = "--query-samples",
      defaultValue = "200",
      description = "Trace-ID lookups; 0 skips them (default: ${DEFAULT-VALUE}).")
  int querySamples;

  @Option(
      names = "--scan-runs",
      defaultValue = "5",
      description =
          "Measured runs of each scan query after one warm-up run; 0 skips scans (default: ${DEFAULT-VALUE}).")
  int scanRuns;

  @Option(
      names = "--scan-app",
      defaultValue = "payment",
      description =
          "The app label of the selective scan {app=\"x\"} |= \"needle\" (default: ${DEFAULT-VALUE}).")
  String scanApp;

  @Option(
      names = "--settle",
      defaultValue = "12s",
      converter = DurationConverter.class,
      description =
          "Pause after the ingest queue drained so that a periodic flush writes the store; longer "
              + "than the server's ingest.logs.flush-interval (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(
      names = "--drain-timeout",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "Longest wait for the ingest queue to drain (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the corpus (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin JsonReportOption jsonOut = new JsonReportOption();

  @Override
  public Integer call() throws Exception {
    LogBenchOptions options =
        BenchCommands.validated(
            spec,
            () ->
                new LogBenchOptions(
                    target.checkedHost(),
                    httpPort,
                    duration,
                    maxBytes,
                    format,
                    connections,
                    batchLines,
                    streams,
                    serverPid,
                    dataDir,
                    querySamples,
                    scanRuns,
                    scanApp,
                    timeSpan,
                    settle,
                    drainTimeout,
                    seed));
    LogBenchReport report =
        new LogBenchRunner(options, spec.commandLine().getErr(), Clock.systemUTC()).run();
    BenchCommands.print(spec, LogReportTable.render(report), report, jsonOut);
    return report.ingest().linesAccepted() > 0 ? 0 : 1;
  }

  /** Sizes as Loki writes them ({@link ByteSizes#parseHumanized}): {@code 500MB}, {@code 1.5GB}, {@code 64KiB}, or bytes. */
  static long parseSize(String text) {
    try {
      return ByteSizes.parseHumanized(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a size (examples: 500MB, 2GB, 10GB): " + e.getMessage(), e);
    }
  }

  static final class SizeOption extends ParsingConverter<Long> {
    SizeOption() {
      super(LogBenchCommand::parseSize);
    }
  }

  static final class FormatOption extends ParsingConverter<PushFormat> {
    FormatOption() {
      super(PushFormat::fromCliName);
    }
  }
}
