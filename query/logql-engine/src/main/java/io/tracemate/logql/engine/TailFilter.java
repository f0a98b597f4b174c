package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;

/**
 * A compiled log query for live tail, applied to entries as they are pushed. Thread-safe.
 */
public interface TailFilter {
  /** Whether the query's stream selector selects this stream. */
  boolean matchesStream(LabelSet stream);

  /**
   * Runs the pipeline over one entry of a selected stream.
   *
   * @return the processed entry (line possibly rewritten by line_format, labels extended by parsers), or null when
   *     the pipeline filters it out
   */
  ResultStreamEntry apply(LabelSet stream, LogEntry entry);
}
