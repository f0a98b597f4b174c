package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.List;

/** One stream of a log query result: its final labels and its entries (line possibly rewritten by line_format). */
public record ResultStream(LabelSet labels, List<LogEntry> entries) {
  public ResultStream {
    entries = List.copyOf(entries);
  }
}
