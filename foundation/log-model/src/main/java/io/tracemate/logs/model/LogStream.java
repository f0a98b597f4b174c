package io.tracemate.logs.model;

import java.util.List;

/**
 * Entries of one stream, the unit of a push (Loki's {@code streams[]}, an OTLP resource+scope group after label
 * mapping).
 */
public record LogStream(LabelSet labels, List<LogEntry> entries) {
  public LogStream {
    entries = List.copyOf(entries);
  }

  /** The UTF-8 bytes of every line. */
  public long lineBytes() {
    long total = 0;
    for (LogEntry entry : entries) {
      total += entry.lineBytes();
    }
    return total;
  }
}
