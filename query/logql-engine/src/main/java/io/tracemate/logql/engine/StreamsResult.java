package io.tracemate.logql.engine;

import java.util.List;

/**
 * Log query result. Each stream's labels are the stream labels plus structured metadata plus labels added by the
 * pipeline (parsers, label_format...), as Loki returns them; entries are in the request's direction; at most
 * {@code limit} entries in total. Streams are sorted by their labels.
 */
public record StreamsResult(List<ResultStream> streams) implements QueryResult {
  public StreamsResult {
    streams = List.copyOf(streams);
  }

  /** Total number of entries over all streams. */
  public int entryCount() {
    return streams.stream().mapToInt(s -> s.entries().size()).sum();
  }
}
