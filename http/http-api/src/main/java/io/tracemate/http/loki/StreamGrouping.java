package io.tracemate.http.loki;

import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logs.Direction;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Regroups engine streams into the streams Loki's JSON shows, which depends on the client's encoding flags.
 *
 * <p>The engine returns, like Loki, each entry under its full label set: stream labels, structured metadata
 * and parsed labels. That is the plain answer as is. With {@code categorize-labels}, Loki shows only the
 * stream's own labels and moves structured metadata into each value's third element, so streams that
 * differed only in metadata merge; merged streams keep the query's direction. (Parsed labels stay in the
 * stream: the engine's result does not tell them from stream labels.) Stateless and thread-safe.
 */
final class StreamGrouping {
  private StreamGrouping() {}

  /**
   * @return for {@code categorizeLabels}, streams whose entries' metadata hold exactly the structured metadata
   *     still present after the pipeline (e.g. not dropped by {@code | drop}); otherwise {@code streams}
   */
  static List<ResultStream> group(
      List<ResultStream> streams, boolean categorizeLabels, Direction direction) {
    if (!categorizeLabels) {
      return streams;
    }
    Map<LabelSet, List<LogEntry>> groups = new LinkedHashMap<>();
    Map<LabelSet, Integer> sources = new LinkedHashMap<>();
    for (ResultStream stream : streams) {
      Map<LabelSet, Boolean> touched = new LinkedHashMap<>();
      for (LogEntry entry : stream.entries()) {
        LabelSet shownMetadata = presentMetadata(stream.labels(), entry.metadata());
        LabelSet labels = without(stream.labels(), shownMetadata);
        LogEntry shown =
            shownMetadata.equals(entry.metadata())
                ? entry
                : new LogEntry(entry.timestampNanos(), entry.line(), shownMetadata);
        groups.computeIfAbsent(labels, k -> new ArrayList<>()).add(shown);
        touched.put(labels, Boolean.TRUE);
      }
      touched.keySet().forEach(labels -> sources.merge(labels, 1, Integer::sum));
    }
    Comparator<LogEntry> order = Comparator.comparingLong(LogEntry::timestampNanos);
    if (direction == Direction.BACKWARD) {
      order = order.reversed();
    }
    List<ResultStream> result = new ArrayList<>(groups.size());
    for (Map.Entry<LabelSet, List<LogEntry>> group : groups.entrySet()) {
      List<LogEntry> entries = group.getValue();
      if (sources.getOrDefault(group.getKey(), 1) > 1) {
        entries.sort(order); // stable: each source's own order survives among equal timestamps
      }
      result.add(new ResultStream(group.getKey(), entries));
    }
    return result;
  }

  /** The metadata labels the result labels still carry with the same value. */
  static LabelSet presentMetadata(LabelSet labels, LabelSet metadata) {
    if (metadata.isEmpty()) {
      return metadata;
    }
    List<Label> present = new ArrayList<>(metadata.size());
    for (Label label : metadata.labels()) {
      if (label.value().equals(labels.get(label.name()))) {
        present.add(label);
      }
    }
    return present.size() == metadata.size() ? metadata : new LabelSet(present);
  }

  private static LabelSet without(LabelSet labels, LabelSet removed) {
    if (removed.isEmpty()) {
      return labels;
    }
    List<Label> kept = new ArrayList<>(labels.size());
    for (Label label : labels.labels()) {
      if (!label.value().equals(removed.get(label.name()))) {
        kept.add(label);
      }
    }
    return new LabelSet(kept);
  }
}
