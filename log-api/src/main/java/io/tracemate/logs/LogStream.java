package io.tracemate.logs;

import java.util.List;

/**
 * Entries of one stream, the unit of a push (Loki's {@code streams[]}, an OTLP resource+scope group after label
 * mapping).
 */
public record LogStream(LabelSet labels, List<LogEntry> entries) {
  public LogStream {
    entries = List.copyOf(entries);
  }

  /** Sum of the entries' line lengths in UTF-16 chars is not bytes; this is the UTF-8 byte count. */
  public long lineBytes() {
    long total = 0;
    for (LogEntry entry : entries) {
      total += Utf8.length(entry.line());
    }
    return total;
  }
}
