package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.TraceId;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.apache.lucene.store.AlreadyClosedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each span to the partition of its trace and indexes it there. Thread-safe; writes from many
 * threads proceed in parallel (Lucene's IndexWriter takes concurrent documents).
 *
 * <p>Routing: the partition that first saw the trace (remembered by {@link TraceRouter}); for a trace not
 * remembered, the partition of the span's start time, unless the span starts within an hour of that
 * partition's edge and the neighbouring partition already holds the trace (a trace crossing midnight
 * after a restart stays in one place). Spans whose partition is older than the last retention cutoff are
 * discarded: retention already decided that such data is not kept. The receivers refuse spans starting longer
 * ago than the retention before acknowledging them, so this happens only to spans that waited (in the queue, in
 * the tail sampler, or in the write-ahead log while the server was down) until retention moved past their
 * whole partition: retention working, logged at INFO. A span claiming to start more than one partition
 * duration in the future (possible only with a creation grace period that long) is placed as if it started
 * now, so a client with a broken clock cannot create partitions that retention would not reach for years; it
 * keeps its start time, so searches covering that time still find it.
 */
final class LuceneSpanWriter implements SpanWriter {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneSpanWriter.class);
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long MAX_BOUNDARY_WINDOW_SECONDS = 3600;

  private final LuceneStorage storage;
  private final TraceRouter router;
  private final long boundaryWindowSeconds;
  private final ThreadLocal<DocumentScratch> scratch =
      ThreadLocal.withInitial(DocumentScratch::new);

  LuceneSpanWriter(LuceneStorage storage, TraceRouter router) {
    this.storage = storage;
    this.router = router;
    this.boundaryWindowSeconds =
        Math.min(MAX_BOUNDARY_WINDOW_SECONDS, storage.partitionSeconds() / 4);
  }

  @Override
  public void write(TenantId tenant, List<Span> spans) {
    storage.ensureOpen();
    if (spans.isEmpty()) {
      return;
    }
    Placement placement = new Placement(storage.livePartitions());
    Map<Long, List<Span>> byPartition = new LinkedHashMap<>(4);
    int discarded = 0;
    for (Span span : spans) {
      long partition = router.route(span.traceId(), span.startEpochNanos(), placement);
      if (partition == TraceRouter.UNKNOWN) {
        discarded++;
      } else {
        byPartition.computeIfAbsent(partition, p -> new ArrayList<>(spans.size())).add(span);
      }
    }
    for (Map.Entry<Long, List<Span>> entry : byPartition.entrySet()) {
      if (storage.isExpired(tenant, entry.getKey())) {
        discarded += entry.getValue().size(); // the tenant's own retention is shorter
      } else {
        write(tenant, entry.getKey(), entry.getValue());
      }
    }
    if (discarded > 0) {
      LOG.info(
          "Discarded {} spans whose partition retention dropped while they waited to be written",
          discarded);
    }
  }

  private void write(TenantId tenant, long partitionStart, List<Span> spans) {
    Partition partition;
    try {
      partition = storage.acquireOrCreate(partitionStart);
    } catch (IOException e) {
      throw new StorageException(
          "cannot create partition " + partitionStart + ": " + e.getMessage(), true, e);
    }
    if (partition == null) {
      return; // expired while routing
    }
    try {
      partition.add(tenant, spans, scratch.get());
    } catch (AlreadyClosedException e) {
      Throwable tragedy = partition.tragedy();
      throw new StorageException(
          "partition "
              + partitionStart
              + " can no longer be written"
              + (tragedy == null ? "" : ": " + tragedy),
          false,
          tragedy == null ? e : tragedy);
    } catch (IOException e) {
      throw new StorageException(
          "writing " + spans.size() + " spans failed: " + e.getMessage(), true, e);
    } finally {
      partition.release();
    }
  }

  @Override
  public void flush() {
    storage.ensureOpen();
    storage.flushAll();
  }

  @Override
  public long visibleBeforeNanos() {
    return storage.visibleBeforeNanos();
  }

  /** Where a trace not remembered by the router goes; one per write call, over one view of the partitions. */
  private final class Placement implements TraceRouter.Policy {
    private final NavigableMap<Long, Partition> partitions;

    Placement(NavigableMap<Long, Partition> partitions) {
      this.partitions = partitions;
    }

    /** Retention drops exactly the expired partitions; one not created yet (same batch) is live. */
    @Override
    public boolean isLive(long partitionStart) {
      return !storage.isExpired(partitionStart);
    }

    @Override
    public long place(TraceId traceId, long spanStartNanos) {
      long now = System.currentTimeMillis() / 1000;
      long second = Math.floorDiv(spanStartNanos, NANOS_PER_SECOND);
      if (second > now + storage.partitionSeconds()) {
        second = now;
      }
      Map.Entry<Long, Partition> floor = partitions.floorEntry(second);
      long start;
      long end;
      if (floor != null && floor.getValue().contains(second)) {
        start = floor.getKey();
        end = floor.getValue().endSeconds();
      } else {
        start = Math.floorDiv(second, storage.partitionSeconds()) * storage.partitionSeconds();
        end = start + storage.partitionSeconds();
      }
      if (second - start < boundaryWindowSeconds) {
        Partition previous = containing(start - 1);
        if (previous != null && holds(previous, traceId)) {
          return previous.startSeconds();
        }
      } else if (end - second <= boundaryWindowSeconds) {
        Partition next = containing(end);
        if (next != null && holds(next, traceId)) {
          return next.startSeconds();
        }
      }
      return storage.isExpired(start) ? TraceRouter.UNKNOWN : start;
    }

    private Partition containing(long second) {
      Map.Entry<Long, Partition> floor = partitions.floorEntry(second);
      return floor != null && floor.getValue().contains(second) ? floor.getValue() : null;
    }

    private boolean holds(Partition partition, TraceId traceId) {
      if (!partition.tryAcquire()) {
        return false;
      }
      try {
        return partition.hasTrace(traceId);
      } catch (IOException e) {
        LOG.warn("Looking up trace {} in {} failed; routing by start time", traceId, partition, e);
        return false;
      } finally {
        partition.release();
      }
    }
  }
}
