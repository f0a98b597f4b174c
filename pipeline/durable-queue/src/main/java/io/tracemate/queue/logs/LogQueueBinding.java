package io.tracemate.queue.logs;

import io.tracemate.component.LogBatch;
import io.tracemate.logs.LogWriter;
import io.tracemate.queue.BatchWriter;
import io.tracemate.queue.PayloadCodec;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.Weigher;
import java.util.List;

/**
 * Log lines in a durable queue: weighed by line bytes (one permit per KiB) and by their estimated heap
 * ({@link LogHeap}), logged with {@link LogWalCodec}, and
 * written to the log store one record at a time with its sequence, which the store persists with its data: replay
 * starts exactly above what it holds, so no line is stored twice.
 */
public final class LogQueueBinding {
  private LogQueueBinding() {}

  /** The {@code logs} binding over {@code store}. */
  public static QueueBinding<LogBatch> of(LogWriter store) {
    return new QueueBinding<>("logs", LINE_BYTES, CODEC, new StoreWriter(store), null, null, null);
  }

  /** The log WAL record format, also the value of a Kafka record of logs. */
  public static PayloadCodec<LogBatch> codec() {
    return CODEC;
  }

  private static final Weigher<LogBatch> LINE_BYTES =
      new Weigher<>() {
        @Override
        public long weigh(LogBatch batch) {
          return batch.lineBytes();
        }

        @Override
        public long heapBytes(LogBatch batch) {
          return LogHeap.of(batch.streams());
        }

        @Override
        public String unit() {
          return "line bytes";
        }

        @Override
        public long permitSize() {
          return 1024;
        }
      };

  private static final PayloadCodec<LogBatch> CODEC =
      new PayloadCodec<>() {
        @Override
        public byte[] encode(LogBatch batch) {
          return LogWalCodec.encode(batch);
        }

        @Override
        public LogBatch decode(byte[] payload) {
          return LogWalCodec.decode(payload);
        }
      };

  private record StoreWriter(LogWriter store) implements BatchWriter<LogBatch> {
    @Override
    public void write(long sequence, List<LogBatch> batches) {
      for (LogBatch batch : batches) { // one, as keepsSequences() asks
        store.write(sequence, batch.tenant(), batch.streams());
      }
    }

    @Override
    public void flush() {
      store.flush();
    }

    @Override
    public boolean keepsSequences() {
      return true;
    }

    @Override
    public long persistedSequence() {
      return store.persistedSequence();
    }
  }
}
