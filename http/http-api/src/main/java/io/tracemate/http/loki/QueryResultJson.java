package io.tracemate.http.loki;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.logql.engine.MatrixResult;
import io.tracemate.logql.engine.QueryResult;
import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logql.engine.Sample;
import io.tracemate.logql.engine.ScalarResult;
import io.tracemate.logql.engine.Series;
import io.tracemate.logql.engine.StreamsResult;
import io.tracemate.logql.engine.VectorResult;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.io.IOException;
import java.util.List;

/**
 * Loki's query response, {@code {"status":"success","data":{"resultType","result","stats"}}}, written the way
 * Loki's {@code pkg/util/marshal/query.go} encodes it: stream values {@code ["<ns>","<line>"]} (plus
 * {@code {"structuredMetadata":{...}}} with {@code categorize-labels}), matrix and vector points
 * {@code [<seconds>,"<value>"]}, scalar {@code [<seconds>,"<value>"]}. The {@code encodingFlags} a request asked
 * for are echoed on a streams answer only: Loki's query frontend, which every deployment puts in front of its
 * queriers, writes metric answers as Prometheus responses without them ({@code LokiPromResponse}). Stateless and
 * thread-safe.
 */
final class QueryResultJson {
  static final String CATEGORIZE_LABELS = "categorize-labels";

  private QueryResultJson() {}

  /**
   * @param streams for a streams result, the streams as {@link StreamGrouping} regrouped them (ignored
   *     otherwise)
   */
  static void write(
      JsonGenerator out,
      QueryResult result,
      List<ResultStream> streams,
      QueryStatistics stats,
      boolean categorizeLabels)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("status", "success");
    out.writeObjectFieldStart("data");
    out.writeStringField("resultType", resultType(result));
    if (categorizeLabels && result instanceof StreamsResult) {
      out.writeArrayFieldStart("encodingFlags");
      out.writeString(CATEGORIZE_LABELS);
      out.writeEndArray();
    }
    out.writeFieldName("result");
    switch (result) {
      case StreamsResult ignored -> writeStreams(out, streams, categorizeLabels);
      case MatrixResult matrix -> writeMatrix(out, matrix);
      case VectorResult vector -> writeVector(out, vector);
      case ScalarResult scalar -> writePoint(out, scalar.timestampMillis(), scalar.value());
    }
    out.writeFieldName("stats");
    stats.write(out);
    out.writeEndObject();
    out.writeEndObject();
  }

  static String resultType(QueryResult result) {
    return switch (result) {
      case StreamsResult ignored -> "streams";
      case MatrixResult ignored -> "matrix";
      case VectorResult ignored -> "vector";
      case ScalarResult ignored -> "scalar";
    };
  }

  /** Log entries of a streams result; points of a matrix; samples of a vector; 1 for a scalar. */
  static long entriesReturned(QueryResult result) {
    return switch (result) {
      case StreamsResult streams ->
          streams.streams().stream().mapToLong(s -> s.entries().size()).sum();
      case MatrixResult matrix ->
          matrix.series().stream().mapToLong(s -> s.timestampsMillis().length).sum();
      case VectorResult vector -> vector.samples().size();
      case ScalarResult ignored -> 1;
    };
  }

  /** {@code [{"stream":{...},"values":[["<ns>","<line>"],...]},...]}. */
  static void writeStreams(JsonGenerator out, List<ResultStream> streams, boolean categorizeLabels)
      throws IOException {
    out.writeStartArray();
    for (ResultStream stream : streams) {
      writeStream(out, stream.labels(), stream.entries(), categorizeLabels);
    }
    out.writeEndArray();
  }

  /**
   * One stream, {@code {"stream":{...},"values":[["<ns>","<line>"],...]}}, as query results and live-tail messages
   * both write it.
   */
  static void writeStream(
      JsonGenerator out, LabelSet labels, List<LogEntry> entries, boolean categorizeLabels)
      throws IOException {
    out.writeStartObject();
    out.writeFieldName("stream");
    LokiJson.writeLabels(out, labels);
    out.writeArrayFieldStart("values");
    for (LogEntry entry : entries) {
      out.writeStartArray();
      out.writeString(Long.toString(entry.timestampNanos()));
      out.writeString(entry.line());
      if (categorizeLabels) {
        out.writeStartObject();
        if (!entry.metadata().isEmpty()) {
          out.writeFieldName("structuredMetadata");
          LokiJson.writeLabels(out, entry.metadata());
        }
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  private static void writeMatrix(JsonGenerator out, MatrixResult matrix) throws IOException {
    out.writeStartArray();
    for (Series series : matrix.series()) {
      out.writeStartObject();
      out.writeFieldName("metric");
      LokiJson.writeLabels(out, series.metric());
      out.writeArrayFieldStart("values");
      long[] times = series.timestampsMillis();
      double[] values = series.values();
      for (int i = 0; i < times.length; i++) {
        writePoint(out, times[i], values[i]);
      }
      out.writeEndArray();
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writeVector(JsonGenerator out, VectorResult vector) throws IOException {
    out.writeStartArray();
    for (Sample sample : vector.samples()) {
      out.writeStartObject();
      out.writeFieldName("metric");
      LokiJson.writeLabels(out, sample.metric());
      out.writeFieldName("value");
      writePoint(out, sample.timestampMillis(), sample.value());
      out.writeEndObject();
    }
    out.writeEndArray();
  }

  private static void writePoint(JsonGenerator out, long millis, double value) throws IOException {
    out.writeStartArray();
    LokiJson.writeSeconds(out, millis);
    out.writeString(LokiJson.formatValue(value));
    out.writeEndArray();
  }
}
