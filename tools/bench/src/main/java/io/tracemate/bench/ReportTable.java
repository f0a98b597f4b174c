package io.tracemate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link BenchReport} as aligned plain-text tables. */
final class ReportTable {

  private ReportTable() {}

  static String render(BenchReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Tracemate bench against %s: ~%d spans/trace, ~%d attributes/span, batches of %d spans, %d connections%n",
            report.target(),
            report.spansPerTraceAvg(),
            report.attributesPerSpan(),
            report.batchSpans(),
            report.connections()));
    out.append("Server CPU from ").append(report.cpuSource()).append("\n\n");

    List<String[]> ingest = new ArrayList<>();
    ingest.add(
        new String[] {
          "INGEST",
          "sent",
          "accepted",
          "accepted/s",
          "rejected",
          "throttled",
          "failed req",
          "req p50 ms",
          "req p99 ms",
          "CPU s",
          "CPU s/M spans"
        });
    for (BenchReport.Ingest phase : report.ingest()) {
      ingest.add(
          new String[] {
            phase.protocol(),
            count(phase.spansSent()),
            count(phase.spansAccepted()),
            count(Math.round(phase.acceptedSpansPerSecond())),
            count(phase.spansRejected()),
            count(phase.throttledResponses()),
            count(phase.failedRequests()),
            millis(phase.requestLatency().p50Millis()),
            millis(phase.requestLatency().p99Millis()),
            number(phase.serverCpuSeconds()),
            number(phase.serverCpuSecondsPerMillionSpans()),
          });
    }
    out.append(TextTable.render(ingest));
    TextTable.appendFirstErrors(
        out, report.ingest(), BenchReport.Ingest::protocol, BenchReport.Ingest::firstError);

    if (!report.queries().isEmpty()) {
      List<String[]> queries = new ArrayList<>();
      queries.add(
          new String[] {
            "QUERY", "samples", "ok", "not found", "errors", "p50 ms", "p99 ms", "max ms"
          });
      for (BenchReport.Query query : report.queries()) {
        queries.add(
            new String[] {
              query.query(),
              count(query.samples()),
              count(query.ok()),
              count(query.notFound()),
              count(query.errors()),
              millis(query.latency().p50Millis()),
              millis(query.latency().p99Millis()),
              millis(query.latency().maxMillis()),
            });
      }
      out.append('\n').append(TextTable.render(queries));
      TextTable.appendFirstErrors(
          out, report.queries(), BenchReport.Query::query, BenchReport.Query::firstError);
    }

    BenchReport.Storage storage = report.storage();
    out.append('\n')
        .append("STORAGE bytes/span: ")
        .append(
            storage.bytesPerSpan() == null
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f", storage.bytesPerSpan()))
        .append("  (")
        .append(storage.method())
        .append(")\n");
    return out.toString();
  }

  private static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String millis(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static String number(Double value) {
    return value == null ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }
}
