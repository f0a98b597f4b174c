package io.tracemate.queue.logs;

import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.util.List;

/**
 * The heap decoded log streams hold, estimated from their content: each stream's record and labels, each entry's
 * record, line and structured metadata, at the sizes of a 64-bit JVM with compressed references. A line whose UTF-8
 * size equals its length is ASCII, one byte a character in a compact string; any other string is taken at two bytes
 * a character (an upper bound whatever its characters). Checked against decoded Loki pushes on the heap: lines of
 * about 60 characters measure 133 bytes each and are estimated at 138; empty lines 36 and 40. Stateless.
 */
final class LogHeap {
  private static final int REFERENCE = 4;
  private static final int LIST = 24 + 16;
  private static final int STRING = 24 + 16;
  private static final int STREAM = 24;

  /** The record and its share of the entry list's spare capacity. */
  private static final int ENTRY = 40;

  private static final int LABEL_SET = 16;
  private static final int LABEL = 24;

  private LogHeap() {}

  static long of(List<LogStream> streams) {
    long bytes = LIST + (long) REFERENCE * streams.size();
    for (LogStream stream : streams) {
      bytes += REFERENCE + STREAM + labels(stream.labels()) + LIST;
      for (LogEntry entry : stream.entries()) {
        bytes += REFERENCE + ENTRY + line(entry) + labels(entry.metadata());
      }
    }
    return bytes;
  }

  private static long line(LogEntry entry) {
    String line = entry.line();
    if (line.isEmpty()) {
      return 0;
    }
    return STRING + (entry.lineBytes() == line.length() ? line.length() : 2L * line.length());
  }

  private static long labels(LabelSet labels) {
    if (labels.labels().isEmpty()) {
      return 0; // the shared empty set
    }
    long bytes = LABEL_SET + LIST;
    for (Label label : labels.labels()) {
      bytes += REFERENCE + LABEL + string(label.name()) + string(label.value());
    }
    return bytes;
  }

  private static long string(String text) {
    return text.isEmpty() ? 0 : STRING + 2L * text.length();
  }
}
