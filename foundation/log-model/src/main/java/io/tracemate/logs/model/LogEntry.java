package io.tracemate.logs.model;

import java.util.Objects;

/**
 * One log line. The trace context travels in structured metadata under {@link #TRACE_ID} and {@link #SPAN_ID}
 * (lowercase hex), as Loki stores OTLP logs, so LogQL sees them as labels ({@code | trace_id="..."}) while the
 * store indexes them for lookup without making them stream labels.
 *
 * @param timestampNanos Unix epoch nanoseconds
 * @param line the log line as received (UTF-8 text)
 * @param metadata structured metadata (Loki 3 "non-indexed labels"); {@link LabelSet#EMPTY} when none
 * @param lineBytes the UTF-8 length of {@code line}: rate limits, statistics and the store all count bytes, so it
 *     is computed once (or taken from the wire, where decoders already know it) rather than at every step
 */
public record LogEntry(long timestampNanos, String line, LabelSet metadata, int lineBytes) {
  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  public LogEntry {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(metadata, "metadata");
    if (lineBytes < line.length()) {
      // A UTF-8 encoding is never shorter than the UTF-16 char count of plain text; catches a wrong
      // length.
      throw new IllegalArgumentException(
          "lineBytes " + lineBytes + " is less than the line's " + line.length() + " chars");
    }
  }

  /** Counts the line's UTF-8 bytes. */
  public LogEntry(long timestampNanos, String line, LabelSet metadata) {
    this(timestampNanos, line, metadata, Utf8.length(Objects.requireNonNull(line, "line")));
  }

  public LogEntry(long timestampNanos, String line) {
    this(timestampNanos, line, LabelSet.EMPTY);
  }

  /** Lowercase hex trace ID from the metadata, or null. */
  public String traceId() {
    return metadata.get(TRACE_ID);
  }

  /** Lowercase hex span ID from the metadata, or null. */
  public String spanId() {
    return metadata.get(SPAN_ID);
  }
}
