package io.tracemate.pipeline.redaction;

import io.tracemate.component.LogBatch;
import io.tracemate.component.Processor;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.pipeline.redaction.RedactionProcessor.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RedactionProcessor}'s rules applied to log batches, before the log write-ahead log (the Collector's
 * redaction processor listed in a {@code logs} pipeline). The rules are the processor's own; only where they apply
 * is specific to logs:
 *
 * <ul>
 *   <li>the log line: the value rules (shipped patterns, custom patterns, blocked values), as the Collector does
 *       for a string body;
 *   <li>structured metadata (the log record's attributes): every key rule and value rule, as for span attributes
 *       (allow-list, ignored keys, blocked key patterns); {@code trace_id} and {@code span_id} are never touched:
 *       they are random identifiers the store indexes for the trace's logs, and a hex run can look like a card
 *       number;
 *   <li>stream labels: the value rules only. A label is the stream's identity and its index: dropping or masking
 *       a whole label by key would merge unrelated streams, so the allow-list and blocked key patterns do not
 *       apply; but a secret in a label value must not reach disk any more than one in a line, so its value is
 *       redacted, and streams that thereby become equal are merged (they only differed by the secret).
 * </ul>
 *
 * <p>With {@code summary: info|debug} a changed line gets the Collector's summary as metadata, named as the
 * receivers name OTLP attributes ({@code redaction_masked_count}, {@code redaction_redacted_keys}...). A batch in
 * which nothing matched is returned as it is, without a copy. Thread-safe: the processor is.
 */
final class LogRedaction implements Processor<LogBatch> {
  private final RedactionProcessor rules;

  LogRedaction(RedactionProcessor rules) {
    this.rules = rules;
  }

  @Override
  public LogBatch process(LogBatch batch) {
    List<LogStream> streams = batch.streams();
    List<LogStream> out = null;
    boolean labelsChanged = false;
    for (int i = 0; i < streams.size(); i++) {
      LogStream stream = streams.get(i);
      LogStream redacted = redact(stream);
      if (redacted != stream) {
        if (out == null) {
          out = new ArrayList<>(streams);
        }
        out.set(i, redacted);
        labelsChanged |= redacted.labels() != stream.labels();
      }
    }
    if (out == null) {
      return batch;
    }
    return new LogBatch(batch.tenant(), labelsChanged ? mergeEqualStreams(out) : out);
  }

  @Override
  public Map<String, Long> counters() {
    return rules.counters();
  }

  private LogStream redact(LogStream stream) {
    LabelSet labels = redactLabelValues(stream.labels());
    List<LogEntry> entries = stream.entries();
    List<LogEntry> out = null;
    for (int i = 0; i < entries.size(); i++) {
      LogEntry entry = entries.get(i);
      LogEntry redacted = redact(entry);
      if (redacted != entry) {
        if (out == null) {
          out = new ArrayList<>(entries);
        }
        out.set(i, redacted);
      }
    }
    if (labels == stream.labels() && out == null) {
      return stream;
    }
    return new LogStream(labels, out == null ? entries : out);
  }

  private LogEntry redact(LogEntry entry) {
    Summary summary = new Summary();
    String line = rules.redactText(entry.line());
    LabelSet metadata = redactMetadata(entry.metadata(), summary);
    if (line == entry.line() && metadata == entry.metadata()) {
      return entry;
    }
    if (!rules.summaryLevel().equals("silent") && metadata != entry.metadata()) {
      metadata = withSummary(metadata, summary, rules.summaryLevel().equals("debug"));
    }
    return line == entry.line()
        ? new LogEntry(entry.timestampNanos(), line, metadata, entry.lineBytes())
        : new LogEntry(entry.timestampNanos(), line, metadata);
  }

  /** The metadata with every key and value rule applied, or the same instance when none changed anything. */
  private LabelSet redactMetadata(LabelSet metadata, Summary summary) {
    List<Label> labels = metadata.labels();
    List<Label> out = null;
    for (int i = 0; i < labels.size(); i++) {
      Label label = labels.get(i);
      Label redacted = redactMetadataLabel(label, summary);
      if (redacted != label && out == null) {
        out = new ArrayList<>(labels.subList(0, i));
      }
      if (out != null && redacted != null) {
        out.add(redacted);
      }
    }
    return out == null ? metadata : new LabelSet(out);
  }

  /** The label, a masked copy, or null to drop it. */
  private Label redactMetadataLabel(Label label, Summary summary) {
    String name = label.name();
    if (name.equals(LogEntry.TRACE_ID) || name.equals(LogEntry.SPAN_ID)) {
      return label;
    }
    switch (rules.judgeKey(name, true, summary)) {
      case KEEP -> {
        return label;
      }
      case DROP -> {
        return null;
      }
      case MASK -> {
        return new Label(name, rules.mask());
      }
      case CHECK_VALUE -> {}
    }
    String value = rules.redactText(label.value());
    if (value == label.value()) {
      return label;
    }
    summary.masked(name);
    return new Label(name, value);
  }

  /** Stream labels with the value rules applied (names and order unchanged), or the same instance. */
  private LabelSet redactLabelValues(LabelSet labels) {
    List<Label> list = labels.labels();
    List<Label> out = null;
    for (int i = 0; i < list.size(); i++) {
      Label label = list.get(i);
      if (rules.ignores(label.name())) {
        continue;
      }
      String value = rules.redactText(label.value());
      if (value != label.value()) {
        if (out == null) {
          out = new ArrayList<>(list);
        }
        out.set(i, new Label(label.name(), value));
      }
    }
    return out == null ? labels : new LabelSet(out);
  }

  private static LabelSet withSummary(LabelSet metadata, Summary summary, boolean withKeys) {
    LabelSet out = metadata;
    if (!summary.redacted().isEmpty()) {
      if (withKeys) {
        out = out.with("redaction_redacted_keys", String.join(",", summary.redacted()));
      }
      out = out.with("redaction_redacted_count", Integer.toString(summary.redacted().size()));
    }
    if (!summary.masked().isEmpty()) {
      if (withKeys) {
        out = out.with("redaction_masked_keys", String.join(",", summary.masked()));
      }
      out = out.with("redaction_masked_count", Integer.toString(summary.masked().size()));
    }
    return out;
  }

  /** One stream per label set, entries in their order, for streams whose labels became equal. */
  private static List<LogStream> mergeEqualStreams(List<LogStream> streams) {
    Map<LabelSet, List<LogEntry>> byLabels = new LinkedHashMap<>();
    for (LogStream stream : streams) {
      byLabels.computeIfAbsent(stream.labels(), l -> new ArrayList<>()).addAll(stream.entries());
    }
    if (byLabels.size() == streams.size()) {
      return streams;
    }
    List<LogStream> merged = new ArrayList<>(byLabels.size());
    byLabels.forEach((labels, entries) -> merged.add(new LogStream(labels, entries)));
    return merged;
  }
}
