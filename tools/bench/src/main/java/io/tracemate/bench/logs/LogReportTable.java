package io.tracemate.bench.logs;

import io.tracemate.bench.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link LogBenchReport} as aligned plain-text tables. Stateless. */
final class LogReportTable {

  private LogReportTable() {}

  static String render(LogBenchReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Tracemate log bench against %s: Loki push (%s), %d streams, batches of %d lines, %d connections, seed %d%n",
            report.target(),
            report.format(),
            report.streams(),
            report.batchLines(),
            report.connections(),
            report.seed()));
    out.append("Server CPU from ")
        .append(report.cpuSource())
        .append("; MB = 10^6 bytes, GB = 10^9 bytes\n\n");

    LogBenchReport.Ingest ingest = report.ingest();
    out.append(
        TextTable.render(
            List.of(
                new String[] {
                  "INGEST",
                  "lines",
                  "line MB",
                  "wire MB",
                  "seconds",
                  "MB/s",
                  "CPU s",
                  "MB/CPU-s",
                  "throttled",
                  "failed",
                  "req p50 ms",
                  "req p99 ms",
                  "feed wait s"
                },
                new String[] {
                  "push",
                  count(ingest.linesAccepted()),
                  decimal(ingest.lineBytesAccepted() / 1e6, 1),
                  decimal(ingest.bodyBytesSent() / 1e6, 1),
                  decimal(ingest.seconds(), 1),
                  decimal(ingest.megabytesPerSecond(), 1),
                  number(ingest.serverCpuSeconds(), 1),
                  number(ingest.megabytesPerServerCpuSecond(), 1),
                  count(ingest.throttledResponses()),
                  count(ingest.failedRequests()),
                  decimal(ingest.requestLatency().p50Millis(), 2),
                  decimal(ingest.requestLatency().p99Millis(), 2),
                  decimal(ingest.feedWaitSeconds(), 1)
                })));
    if (ingest.firstError() != null) {
      out.append("  first error: ").append(ingest.firstError()).append('\n');
    }

    LogBenchReport.Storage storage = report.storage();
    out.append('\n')
        .append(
            TextTable.render(
                List.of(
                    new String[] {
                      "STORAGE",
                      "store bytes",
                      "store lines",
                      "B/line",
                      "logs/ bytes",
                      "logs/ B/line",
                      "avg line B",
                      "drain s"
                    },
                    new String[] {
                      "after flush",
                      number(storage.storeBytes(), 0),
                      number(storage.storeLines(), 0),
                      number(storage.bytesPerLine(), 1),
                      storage.logsDirBytes() == null ? "n/a" : count(storage.logsDirBytes()),
                      number(storage.logsDirBytesPerLine(), 1),
                      decimal(storage.averageLineBytes(), 0),
                      storage.drainSeconds() < 0 ? "never" : decimal(storage.drainSeconds(), 1)
                    })));

    if (!report.scans().isEmpty()) {
      List<String[]> scans = new ArrayList<>();
      scans.add(
          new String[] {
            "SCAN",
            "runs ok",
            "MB scanned",
            "lines scanned",
            "entries",
            "median s",
            "GB/s wall",
            "CPU s",
            "GB/CPU-s"
          });
      for (LogBenchReport.Scan scan : report.scans()) {
        scans.add(
            new String[] {
              scan.query(),
              scan.ok() + "/" + scan.runs(),
              decimal(scan.bytesScanned() / 1e6, 1),
              count(scan.linesScanned()),
              count(scan.entriesReturned()),
              decimal(scan.medianSeconds(), 3),
              decimal(scan.gigabytesPerSecond(), 2),
              number(scan.serverCpuSeconds(), 2),
              number(scan.gigabytesPerCpuSecond(), 2)
            });
      }
      out.append('\n').append(TextTable.render(scans));
      TextTable.appendFirstErrors(
          out, report.scans(), LogBenchReport.Scan::query, LogBenchReport.Scan::firstError);
    }

    LogBenchReport.TraceLookups lookups = report.traceLookups();
    if (lookups != null && lookups.samples() > 0) {
      out.append('\n')
          .append(
              TextTable.render(
                  List.of(
                      new String[] {
                        "TRACE LOOKUP",
                        "samples",
                        "found",
                        "empty",
                        "errors",
                        "entries/trace",
                        "p50 ms",
                        "p99 ms",
                        "max ms",
                        "CPU ms/lookup"
                      },
                      new String[] {
                        "/api/logs/trace/{id}",
                        count(lookups.samples()),
                        count(lookups.found()),
                        count(lookups.empty()),
                        count(lookups.errors()),
                        decimal(lookups.meanEntries(), 1),
                        decimal(lookups.latency().p50Millis(), 2),
                        decimal(lookups.latency().p99Millis(), 2),
                        decimal(lookups.latency().maxMillis(), 2),
                        number(lookups.serverCpuMillisPerLookup(), 2)
                      })));
    }
    if (lookups != null && lookups.firstError() != null) {
      out.append("  trace lookup first error: ").append(lookups.firstError()).append('\n');
    }

    List<String[]> targets = new ArrayList<>();
    targets.add(new String[] {"TARGET", "goal", "measured", "met", "reference"});
    for (LogBenchReport.TargetCheck check : report.targets()) {
      targets.add(
          new String[] {
            check.name(),
            check.goal(),
            check.measured(),
            check.met() == null ? "n/a" : check.met() ? "yes" : "NO",
            check.note()
          });
    }
    out.append('\n').append(TextTable.render(targets, true));
    return out.toString();
  }

  private static String count(long value) {
    return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", value);
  }

  private static String decimal(double value, int digits) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  private static String number(Double value, int digits) {
    return value == null || value.isNaN()
        ? "n/a"
        : String.format(Locale.ROOT, "%,." + digits + "f", value);
  }
}
