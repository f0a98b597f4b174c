package io.tracemate.http.loki;

import io.tracemate.http.support.JsonBody;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.util.List;
import java.util.Map;

/**
 * A live-tail message as Loki sends it over the WebSocket:
 * {@code {"streams":[{"stream":{...},"values":[["<ns>","<line>"]]}],"dropped_entries":null}}, or with
 * {@code "dropped_entries":[{"labels":{...},"timestamp":"<ns>"}]} when a slow client lost entries.
 * Stateless and thread-safe.
 */
final class TailJson {
  private TailJson() {}

  static String message(
      Map<LabelSet, List<LogEntry>> streams, List<TailSubscription.Dropped> dropped) {
    return JsonBody.string(
        out -> {
          out.writeStartObject();
          out.writeArrayFieldStart("streams");
          for (Map.Entry<LabelSet, List<LogEntry>> stream : streams.entrySet()) {
            QueryResultJson.writeStream(out, stream.getKey(), stream.getValue(), false);
          }
          out.writeEndArray();
          out.writeFieldName("dropped_entries");
          if (dropped.isEmpty()) {
            out.writeNull();
          } else {
            out.writeStartArray();
            for (TailSubscription.Dropped entry : dropped) {
              out.writeStartObject();
              out.writeFieldName("labels");
              LokiJson.writeLabels(out, entry.labels());
              out.writeStringField("timestamp", Long.toString(entry.timestampNanos()));
              out.writeEndObject();
            }
            out.writeEndArray();
          }
          out.writeEndObject();
        });
  }
}
