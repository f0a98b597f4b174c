package io.tracemate.queue.kafka;

import io.tracemate.component.LogBatch;
import io.tracemate.logs.model.LogStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Log lines by stream: one record per stream of a push, keyed by tenant and the stream's labels, so that a stream's
 * lines stay in one partition and in order. A push of one stream is one record of the batch as it is. Stateless.
 */
public final class LogSplitter implements RecordSplitter<LogBatch> {
  public static final LogSplitter INSTANCE = new LogSplitter();

  private LogSplitter() {}

  @Override
  public void split(LogBatch batch, BiConsumer<byte[], LogBatch> record) {
    List<LogStream> streams = batch.streams();
    if (streams.size() == 1) {
      addIfAny(batch, streams.getFirst(), batch, record);
      return;
    }
    for (LogStream stream : streams) {
      addIfAny(batch, stream, new LogBatch(batch.tenant(), List.of(stream)), record);
    }
  }

  private static void addIfAny(
      LogBatch batch, LogStream stream, LogBatch part, BiConsumer<byte[], LogBatch> record) {
    if (!stream.entries().isEmpty()) {
      record.accept(key(batch.tenant(), stream), part);
    }
  }

  /** The tenant and the stream's labels in their canonical text ({@code {a="1", b="2"}}). */
  static byte[] key(String tenant, LogStream stream) {
    return (tenant + '\u0000' + stream.labels()).getBytes(StandardCharsets.UTF_8);
  }
}
