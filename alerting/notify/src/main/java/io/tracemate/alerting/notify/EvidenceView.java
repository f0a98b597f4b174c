package io.tracemate.alerting.notify;

import io.tracemate.alerting.model.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alert's {@link Evidence} as notifications carry it, bounded so that an alert with a thousand matching lines
 * still makes a message a chat robot accepts: at most {@value #MAX_LOG_LINES} log lines of at most
 * {@value #MAX_LINE_CHARS} characters each, at most {@value #MAX_TRACE_IDS} trace IDs, and each annotation at most
 * {@value #MAX_ANNOTATION_CHARS} characters. Trace IDs become links to the UI's trace view ({@code
 * <external URL>/trace/<id>}) when an external URL is configured.
 *
 * <p>The annotations ({@link #annotations}) are what Alertmanager and the webhook get, named {@code tracemate_*} so
 * they never meet a rule's own: {@code tracemate_evidence_logs} (one line per log line: its time, then the line),
 * {@code tracemate_trace_ids} (comma-separated, best first: for a PromQL alert the span metrics' exemplars), with an
 * external URL {@code tracemate_trace_urls} (one link per line), and {@code tracemate_evidence_url} (where the UI
 * shows the evidence, as the evaluator links it: the log explorer at the query its lines came from, else its first
 * trace). A rule's own
 * annotation of the same name wins.
 *
 * @param logLines the bounded log lines, newest first
 * @param traceIds the bounded trace IDs
 * @param traceLinks one link per trace ID, empty without an external URL
 * @param url where the UI shows the evidence (the evaluator's link, else the first trace link); empty when neither
 */
public record EvidenceView(
    List<Evidence.LogLine> logLines, List<String> traceIds, List<String> traceLinks, String url) {
  public static final int MAX_LOG_LINES = 5;
  public static final int MAX_LINE_CHARS = 500;
  public static final int MAX_TRACE_IDS = 10;
  public static final int MAX_ANNOTATION_CHARS = 4096;

  /** The annotation names. */
  public static final String LOGS = "tracemate_evidence_logs";

  public static final String TRACE_IDS = "tracemate_trace_ids";
  public static final String TRACE_URLS = "tracemate_trace_urls";
  public static final String URL = "tracemate_evidence_url";

  public static final EvidenceView NONE = new EvidenceView(List.of(), List.of(), List.of(), "");

  public EvidenceView {
    logLines = List.copyOf(logLines);
    traceIds = List.copyOf(traceIds);
    traceLinks = List.copyOf(traceLinks);
    java.util.Objects.requireNonNull(url, "url");
  }

  /** The bounded view of {@code evidence}; {@code externalUrl} empty: no links. */
  public static EvidenceView of(Evidence evidence, String externalUrl) {
    List<Evidence.LogLine> lines = new ArrayList<>();
    for (Evidence.LogLine line : evidence.logLines()) {
      if (lines.size() == MAX_LOG_LINES) {
        break;
      }
      lines.add(
          new Evidence.LogLine(line.labels(), line.time(), truncate(line.line(), MAX_LINE_CHARS)));
    }
    List<String> ids = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (String id : evidence.traceIds()) {
      if (ids.size() == MAX_TRACE_IDS) {
        break;
      }
      ids.add(id);
      if (!externalUrl.isEmpty()) {
        links.add(traceLink(externalUrl, id));
      }
    }
    String url = !evidence.url().isEmpty() ? evidence.url() : links.isEmpty() ? "" : links.get(0);
    return new EvidenceView(lines, ids, links, url);
  }

  /** The UI's trace view of {@code traceId}. */
  public static String traceLink(String externalUrl, String traceId) {
    String base =
        externalUrl.endsWith("/")
            ? externalUrl.substring(0, externalUrl.length() - 1)
            : externalUrl;
    return base + "/trace/" + traceId;
  }

  public boolean isEmpty() {
    return logLines.isEmpty() && traceIds.isEmpty();
  }

  /** The evidence annotations (only those with something in them). */
  public Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (!logLines.isEmpty()) {
      StringBuilder logs = new StringBuilder();
      for (Evidence.LogLine line : logLines) {
        if (!logs.isEmpty()) {
          logs.append('\n');
        }
        logs.append(line.time()).append(' ').append(line.line());
      }
      annotations.put(LOGS, truncate(logs.toString(), MAX_ANNOTATION_CHARS));
    }
    if (!traceIds.isEmpty()) {
      annotations.put(TRACE_IDS, String.join(",", traceIds));
    }
    if (!traceLinks.isEmpty()) {
      annotations.put(TRACE_URLS, truncate(String.join("\n", traceLinks), MAX_ANNOTATION_CHARS));
    }
    if (!url.isEmpty()) {
      annotations.put(URL, truncate(url, MAX_ANNOTATION_CHARS));
    }
    return annotations;
  }

  /** {@code text} cut to {@code max} characters, the cut marked with an ellipsis (never splitting a pair). */
  public static String truncate(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "…";
  }
}
