package io.tracemate.queue.spans;

import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.StoredForm;
import io.tracemate.queue.BatchWriter;
import io.tracemate.queue.PayloadCodec;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.Weigher;
import io.tracemate.storage.SpanWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Spans in a durable queue: weighed by count, logged as OTLP bytes (the receiver's own when the batch still has
 * them, so the hottest path never encodes a span again, and then let go of), and written to the span store in
 * store-sized writes that merge several records (the store de-duplicates at read time, so a replayed record is
 * harmless).
 */
public final class SpanQueueBinding {
  private SpanQueueBinding() {}

  /** The {@code traces} binding over {@code store}, without a stage. */
  public static QueueBinding<SpanBatch> of(SpanWriter store) {
    return new QueueBinding<>("traces", COUNT, CODEC, new StoreWriter(store), null, null);
  }

  private static final Weigher<SpanBatch> COUNT =
      new Weigher<>() {
        @Override
        public long weigh(SpanBatch batch) {
          return batch.items();
        }

        @Override
        public String unit() {
          return "spans";
        }
      };

  private static final PayloadCodec<SpanBatch> CODEC =
      new PayloadCodec<>() {
        @Override
        public byte[] encode(SpanBatch batch) {
          StoredForm asReceived = batch.storedForm();
          return asReceived != null ? asReceived.bytes() : SpanBinaryCodec.encode(batch.spans());
        }

        @Override
        public SpanBatch decode(byte[] payload) {
          return SpanBatch.of(SpanBinaryCodec.decode(payload));
        }

        /**
         * Logged, the stored form has served: it pins the receiver's request (an OTLP/gRPC export's whole parsed
         * message, about 1 KB of protobuf objects per span), which would otherwise stay reachable beside the spans for
         * as long as the batch waits for the store.
         */
        @Override
        public SpanBatch retained(SpanBatch batch) {
          return batch.withoutStoredForm();
        }
      };

  /** Writes a group's batches as one list of spans; one buffer, reused by the applier thread. */
  private static final class StoreWriter implements BatchWriter<SpanBatch> {
    private final SpanWriter store;
    private final List<io.tracemate.model.Span> merged = new ArrayList<>();

    StoreWriter(SpanWriter store) {
      this.store = store;
    }

    @Override
    public void write(long sequence, List<SpanBatch> batches) {
      if (batches.size() == 1) {
        store.write(batches.getFirst().spans());
        return;
      }
      try {
        for (SpanBatch batch : batches) {
          merged.addAll(batch.spans());
        }
        store.write(merged);
      } finally {
        merged.clear();
      }
    }

    @Override
    public void flush() {
      store.flush();
    }
  }
}
