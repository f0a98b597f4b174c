package io.tracemate.http.loki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.http.support.JsonBody;
import io.tracemate.logql.engine.MatrixResult;
import io.tracemate.logql.engine.QueryResult;
import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logql.engine.Sample;
import io.tracemate.logql.engine.ScalarResult;
import io.tracemate.logql.engine.Series;
import io.tracemate.logql.engine.StreamsResult;
import io.tracemate.logql.engine.VectorResult;
import io.tracemate.logs.Direction;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON shapes of Loki's query responses, from hand-built engine results. */
class QueryResultJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final QueryStatistics STATS =
      new QueryStatistics(2_000_000_000L, 500_000_000L, 10, 400, 2, 150, 3, 1);

  static JsonNode render(QueryResult result, boolean categorize, Direction direction)
      throws Exception {
    List<ResultStream> streams =
        result instanceof StreamsResult s
            ? StreamGrouping.group(s.streams(), categorize, direction)
            : List.of();
    byte[] bytes =
        JsonBody.bytes(
            false, out -> QueryResultJson.write(out, result, streams, STATS, categorize));
    return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
  }

  /** The response without {@code data.stats}, which {@link #statsObject()} checks. */
  static JsonNode withoutStats(JsonNode response) {
    JsonNode copy = response.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("data")).remove("stats");
    return copy;
  }

  static final LabelSet API = LabelSet.of("app", "api", "trace_id", "abc");
  static final LogEntry WITH_TRACE =
      new LogEntry(3_000_000_001L, "GET /a", LabelSet.of("trace_id", "abc"));

  @Test
  void streamsShowMergedLabelsByDefault() throws Exception {
    StreamsResult result =
        new StreamsResult(
            List.of(
                new ResultStream(API, List.of(WITH_TRACE)),
                new ResultStream(
                    LabelSet.of("app", "api"), List.of(new LogEntry(2_000_000_000L, "boot")))));
    assertThat(withoutStats(render(result, false, Direction.BACKWARD)))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"streams","result":[
          {"stream":{"app":"api","trace_id":"abc"},"values":[["3000000001","GET /a"]]},
          {"stream":{"app":"api"},"values":[["2000000000","boot"]]}]}}"""));
  }

  @Test
  void categorizeLabelsMovesStructuredMetadataIntoTheValues() throws Exception {
    StreamsResult result =
        new StreamsResult(
            List.of(
                new ResultStream(API, List.of(WITH_TRACE)),
                new ResultStream(
                    LabelSet.of("app", "api"),
                    List.of(
                        new LogEntry(2_000_000_000L, "boot"),
                        new LogEntry(4_000_000_000L, "late")))));
    // backward: the merged stream is newest first
    assertThat(withoutStats(render(result, true, Direction.BACKWARD)))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"streams","encodingFlags":["categorize-labels"],"result":[
          {"stream":{"app":"api"},"values":[
            ["4000000000","late",{}],
            ["3000000001","GET /a",{"structuredMetadata":{"trace_id":"abc"}}],
            ["2000000000","boot",{}]]}]}}"""));
  }

  @Test
  void metadataDroppedByThePipelineIsNotShown() throws Exception {
    // "| drop trace_id": the labels lost it, the entry still carries it
    StreamsResult result =
        new StreamsResult(
            List.of(new ResultStream(LabelSet.of("app", "api"), List.of(WITH_TRACE))));
    assertThat(withoutStats(render(result, true, Direction.FORWARD)).at("/data/result/0/values/0"))
        .isEqualTo(JSON.readTree("[\"3000000001\",\"GET /a\",{}]"));
  }

  @Test
  void matrixPointsAreSecondsAndStringValues() throws Exception {
    MatrixResult result =
        new MatrixResult(
            List.of(
                new Series(
                    LabelSet.of("level", "warn"),
                    new long[] {1_588_889_221_000L, 1_588_889_221_500L},
                    new double[] {37.7, 2})));
    assertThat(withoutStats(render(result, false, Direction.BACKWARD)))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"level":"warn"},"values":[[1588889221,"37.7"],[1588889221.5,"2"]]}]}}"""));
  }

  /**
   * Grafana asks every data query for {@code categorize-labels}, metric ones too; Loki's query frontend answers
   * those as Prometheus responses, without {@code encodingFlags}.
   */
  @Test
  void metricAnswersDoNotEchoTheEncodingFlags() throws Exception {
    MatrixResult matrix =
        new MatrixResult(
            List.of(new Series(LabelSet.of("level", "warn"), new long[] {1000}, new double[] {1})));
    VectorResult vector = new VectorResult(List.of(new Sample(LabelSet.EMPTY, 4000, 2)));
    assertThat(render(matrix, true, Direction.BACKWARD).get("data").has("encodingFlags")).isFalse();
    assertThat(render(vector, true, Direction.BACKWARD).get("data").has("encodingFlags")).isFalse();
    assertThat(withoutStats(render(vector, true, Direction.BACKWARD)))
        .isEqualTo(withoutStats(render(vector, false, Direction.BACKWARD)));
  }

  @Test
  void vectorAsGrafanasHealthCheckExpectsIt() throws Exception {
    VectorResult result = new VectorResult(List.of(new Sample(LabelSet.EMPTY, 4000, 2)));
    assertThat(withoutStats(render(result, false, Direction.BACKWARD)))
        .isEqualTo(
            JSON.readTree(
                """
        {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[4,"2"]}]}}"""));
  }

  @Test
  void scalarIsOnePoint() throws Exception {
    assertThat(withoutStats(render(new ScalarResult(1_500, 0.25), false, Direction.BACKWARD)))
        .isEqualTo(
            JSON.readTree(
                """
            {"status":"success","data":{"resultType":"scalar","result":[1.5,"0.25"]}}"""));
  }

  @Test
  void statsObject() throws Exception {
    JsonNode stats = render(new ScalarResult(0, 1), false, Direction.BACKWARD).at("/data/stats");
    assertThat(stats)
        .isEqualTo(
            JSON.readTree(
                """
        {"summary":{"bytesProcessedPerSecond":200,"linesProcessedPerSecond":5,"totalBytesProcessed":400,
          "totalLinesProcessed":10,"execTime":2.0,"queueTime":0.5,"subqueries":1,"totalEntriesReturned":3,
          "splits":1,"shards":0,"totalPostFilterLines":0,"totalStructuredMetadataBytesProcessed":0},
         "querier":{"store":{"totalChunksRef":2,"totalChunksDownloaded":2,"chunksDownloadTime":0,
          "chunk":{"headChunkBytes":0,"headChunkLines":0,"decompressedBytes":400,"decompressedLines":10,
            "compressedBytes":150,"totalDuplicates":0}}},
         "ingester":{"totalReached":0,"totalChunksMatched":0,"totalBatches":0,"totalLinesSent":0,
          "store":{"totalChunksRef":0,"totalChunksDownloaded":0,"chunksDownloadTime":0,
          "chunk":{"headChunkBytes":0,"headChunkLines":0,"decompressedBytes":0,"decompressedLines":0,
            "compressedBytes":0,"totalDuplicates":0}}}}"""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2.0, 2",
    "37.7, 37.7",
    "0.1, 0.1",
    "1e21, 1000000000000000000000",
    "1.5e-7, 0.00000015",
    "-3.25, -3.25",
    "0.0, 0",
    "-0.0, -0",
    "NaN, NaN",
    "Infinity, +Inf",
    "-Infinity, -Inf"
  })
  void valuesPrintLikePrometheus(double value, String expected) {
    assertThat(LokiJson.formatValue(value)).isEqualTo(expected);
  }

  @Test
  void entriesReturnedCountsEntriesPointsOrSamples() {
    assertThat(
            QueryResultJson.entriesReturned(
                new MatrixResult(
                    List.of(new Series(LabelSet.EMPTY, new long[] {1, 2}, new double[] {1, 2})))))
        .isEqualTo(2);
    assertThat(
            QueryResultJson.entriesReturned(
                new StreamsResult(List.of(new ResultStream(API, List.of(WITH_TRACE, WITH_TRACE))))))
        .isEqualTo(2);
  }
}
