package io.tracemate.http.loki;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tracemate.logs.ScanStats;
import java.io.IOException;

/**
 * What one query cost, as Loki reports it in a response's {@code stats} object (field names from Loki's
 * {@code pkg/logqlmodel/stats}). Everything the embedded store reads is reported under the querier's store
 * block; the ingester block is all zeros, since there is no separate ingester.
 *
 * @param execNanos wall time spent evaluating
 * @param queueNanos time between receiving the request and starting to evaluate it
 * @param linesScanned entries the store decoded
 * @param bytesScanned UTF-8 bytes of those lines
 * @param chunks chunks the store opened
 * @param compressedBytes their size on disk
 * @param entriesReturned log entries (streams results) or samples (metric results) in the answer
 * @param splits time intervals the engine evaluated separately
 */
record QueryStatistics(
    long execNanos,
    long queueNanos,
    long linesScanned,
    long bytesScanned,
    long chunks,
    long compressedBytes,
    long entriesReturned,
    int splits) {

  static QueryStatistics of(
      long execNanos, long queueNanos, ScanStats scan, long entriesReturned, int splits) {
    return new QueryStatistics(
        execNanos,
        queueNanos,
        scan.lines(),
        scan.bytes(),
        scan.chunks(),
        scan.compressedBytes(),
        entriesReturned,
        splits);
  }

  void write(JsonGenerator out) throws IOException {
    double execSeconds = execNanos / 1e9;
    out.writeStartObject();
    out.writeObjectFieldStart("summary");
    out.writeNumberField("bytesProcessedPerSecond", perSecond(bytesScanned, execSeconds));
    out.writeNumberField("linesProcessedPerSecond", perSecond(linesScanned, execSeconds));
    out.writeNumberField("totalBytesProcessed", bytesScanned);
    out.writeNumberField("totalLinesProcessed", linesScanned);
    out.writeNumberField("execTime", execSeconds);
    out.writeNumberField("queueTime", queueNanos / 1e9);
    out.writeNumberField("subqueries", splits);
    out.writeNumberField("totalEntriesReturned", entriesReturned);
    out.writeNumberField("splits", splits);
    out.writeNumberField("shards", 0);
    out.writeNumberField("totalPostFilterLines", 0);
    out.writeNumberField("totalStructuredMetadataBytesProcessed", 0);
    out.writeEndObject();
    out.writeObjectFieldStart("querier");
    writeStore(out, chunks, compressedBytes, bytesScanned, linesScanned);
    out.writeEndObject();
    out.writeObjectFieldStart("ingester");
    out.writeNumberField("totalReached", 0);
    out.writeNumberField("totalChunksMatched", 0);
    out.writeNumberField("totalBatches", 0);
    out.writeNumberField("totalLinesSent", 0);
    writeStore(out, 0, 0, 0, 0);
    out.writeEndObject();
    out.writeEndObject();
  }

  private static void writeStore(
      JsonGenerator out, long chunks, long compressed, long bytes, long lines) throws IOException {
    out.writeObjectFieldStart("store");
    out.writeNumberField("totalChunksRef", chunks);
    out.writeNumberField("totalChunksDownloaded", chunks);
    out.writeNumberField("chunksDownloadTime", 0);
    out.writeObjectFieldStart("chunk");
    out.writeNumberField("headChunkBytes", 0);
    out.writeNumberField("headChunkLines", 0);
    out.writeNumberField("decompressedBytes", bytes);
    out.writeNumberField("decompressedLines", lines);
    out.writeNumberField("compressedBytes", compressed);
    out.writeNumberField("totalDuplicates", 0);
    out.writeEndObject();
    out.writeEndObject();
  }

  private static long perSecond(long amount, double seconds) {
    return seconds <= 0 ? 0 : (long) (amount / seconds);
  }
}
