package io.tracemate.alerting.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an alert shows besides its value: matching log lines and trace IDs that let whoever is paged start from
 * an example rather than from a query. Bounded by whoever gathers it.
 *
 * @param logLines log lines matching the rule (or its {@code evidence} query), newest first
 * @param traceIds trace IDs (32 lower-case hex digits) of spans behind the alert, best first: exemplars of the span
 *     metrics, or the trace IDs of the log lines
 * @param url where the UI shows it (the log explorer at the query the lines came from, or the first trace); empty
 *     when whoever gathered it had no such place (the notifier then links the first trace)
 */
public record Evidence(List<LogLine> logLines, List<String> traceIds, String url) {
  public static final Evidence NONE = new Evidence(List.of(), List.of(), "");

  public Evidence {
    logLines = List.copyOf(logLines);
    traceIds = List.copyOf(traceIds);
    Objects.requireNonNull(url, "url");
  }

  /** Evidence without a link of its own. */
  public Evidence(List<LogLine> logLines, List<String> traceIds) {
    this(logLines, traceIds, "");
  }

  public boolean isEmpty() {
    return logLines.isEmpty() && traceIds.isEmpty();
  }

  /**
   * One log line of the evidence.
   *
   * @param labels its stream's labels
   * @param time when it was logged
   * @param line the line as stored
   */
  public record LogLine(Map<String, String> labels, Instant time, String line) {
    public LogLine {
      labels = Map.copyOf(labels);
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(line, "line");
    }
  }
}
