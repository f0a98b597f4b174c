package io.tracemate.queue.spans;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.queue.BatchWriter;
import io.tracemate.queue.PayloadCodec;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.Weigher;
import io.tracemate.storage.SpanWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Spans in a durable queue: weighed by count and by their estimated heap ({@link SpanHeap}), logged as OTLP bytes with their tenant ({@link SpanWalCodec}) (the
 * receiver's own when the batch still has them, so the hottest path never encodes a span again, and then let go
 * of), and written to the span store in store-sized writes that merge several records (the store de-duplicates at
 * read time, so a replayed record is harmless).
 */
public final class SpanQueueBinding {
  private SpanQueueBinding() {}

  /** The {@code traces} binding over {@code store}, without a stage. */
  public static QueueBinding<SpanBatch> of(SpanWriter store) {
    return new QueueBinding<>("traces", COUNT, CODEC, new StoreWriter(store), null, null, null);
  }

  /** The span WAL record format, also the value of a Kafka record of spans. */
  public static PayloadCodec<SpanBatch> codec() {
    return CODEC;
  }

  private static final Weigher<SpanBatch> COUNT =
      new Weigher<>() {
        @Override
        public long weigh(SpanBatch batch) {
          return batch.items();
        }

        @Override
        public long heapBytes(SpanBatch batch) {
          return SpanHeap.of(batch.spans());
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
          return SpanWalCodec.encode(batch);
        }

        @Override
        public SpanBatch decode(byte[] payload) {
          return SpanWalCodec.decode(payload);
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

  /**
   * Writes a group's batches as one list of spans per run of batches of the same tenant (one write when a single
   * tenant sends, as without multitenancy); one buffer, reused by the applier thread.
   */
  private static final class StoreWriter implements BatchWriter<SpanBatch> {
    private final SpanWriter store;
    private final List<io.tracemate.model.Span> merged = new ArrayList<>();

    StoreWriter(SpanWriter store) {
      this.store = store;
    }

    @Override
    public void write(long sequence, List<SpanBatch> batches) {
      if (batches.size() == 1) {
        SpanBatch only = batches.getFirst();
        store.write(only.tenant(), only.spans());
        return;
      }
      try {
        TenantId tenant = batches.getFirst().tenant();
        for (SpanBatch batch : batches) {
          if (!batch.tenant().equals(tenant)) {
            store.write(tenant, merged);
            merged.clear();
            tenant = batch.tenant();
          }
          merged.addAll(batch.spans());
        }
        store.write(tenant, merged);
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
