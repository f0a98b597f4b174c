package io.tracemate.logs.store;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.CancellableLogReader;
import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.TraceEntry;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * The read side. Every query works on published snapshots (partition map, stream snapshots), so it runs
 * without locks alongside the writer and other queries.
 */
final class StoreReader implements CancellableLogReader {
  private final ConcurrentNavigableMap<Long, Partition> partitions;
  private final StreamRegistry registry;
  private final TraceLookup traceLookup;

  private final Decompressors decompressors;

  StoreReader(
      ConcurrentNavigableMap<Long, Partition> partitions,
      StreamRegistry registry,
      Decompressors decompressors) {
    this.partitions = partitions;
    this.registry = registry;
    this.decompressors = decompressors;
    this.traceLookup = new TraceLookup(partitions, decompressors);
  }

  /** Partitions overlapping [start, end), oldest first. */
  private Iterable<Partition> partitionsIn(long start, long end) {
    List<Partition> result = new ArrayList<>();
    if (start >= end) {
      return result;
    }
    for (Partition partition : partitions.values()) {
      if (partition.overlaps(start, end)) {
        result.add(partition);
      }
    }
    return result;
  }

  @Override
  public List<StreamRef> streams(LogSelection selection, Cancellation cancellation) {
    Map<Long, StreamRef> refs = new TreeMap<>();
    for (Partition partition : partitionsIn(selection.startNanos(), selection.endNanos())) {
      for (PartitionStream stream : partition.labelIndex().select(selection, cancellation)) {
        if (stream.snapshot().overlaps(selection.startNanos(), selection.endNanos())) {
          refs.putIfAbsent(stream.globalId, ref(stream, selection.tenants()));
        }
      }
    }
    return List.copyOf(refs.values());
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation) {
    cancellation.check();
    ScanContext context =
        new ScanContext(
            selection.startNanos(),
            selection.endNanos(),
            direction,
            new LineFilter(requiredSubstrings),
            stats,
            decompressors,
            cancellation);
    StreamKey key = registry.key(stream.id());
    List<EntrySource> sources = new ArrayList<>();
    if (key != null && tenantOf(key, selection.tenants()) != null) {
      stats.addStreams(1);
      for (Partition partition : partitionsIn(selection.startNanos(), selection.endNanos())) {
        PartitionStream partitionStream = partition.streamForRead(key);
        if (partitionStream == null) {
          continue;
        }
        StreamSnapshot snapshot = partitionStream.snapshot();
        for (ChunkMeta chunk : snapshot.chunks()) {
          if (chunk.overlaps(selection.startNanos(), selection.endNanos())) {
            sources.add(new EntrySource.ChunkSource(partition, chunk, context.forward));
          }
        }
        if (snapshot.headSize() > 0) {
          sources.add(new EntrySource.HeadSource(snapshot, context.forward));
        }
      }
    }
    return new MergeCursor(context, sources);
  }

  @Override
  public List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation) {
    Set<String> names = new TreeSet<>();
    for (Partition partition : partitionsIn(startNanos, endNanos)) {
      for (TenantId tenant : tenants.asSet()) {
        int walked = 0;
        for (PartitionStream stream : partition.labelIndex().streamsOf(tenant.value())) {
          if (++walked % LabelIndex.CHECK_EVERY == 0) {
            cancellation.check();
          }
          if (stream.snapshot().overlaps(startNanos, endNanos)) {
            names.addAll(stream.key.labels().names());
          }
        }
      }
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name, Cancellation cancellation) {
    Set<String> values = new TreeSet<>();
    for (Partition partition : partitionsIn(selection.startNanos(), selection.endNanos())) {
      for (PartitionStream stream : partition.labelIndex().select(selection, cancellation)) {
        String value = stream.key.labels().get(name);
        if (value != null
            && stream.snapshot().overlaps(selection.startNanos(), selection.endNanos())) {
          values.add(value);
        }
      }
    }
    return List.copyOf(values);
  }

  /** From chunk metadata alone: chunks overlapping the range count whole; heads count whole when they overlap. */
  @Override
  public IndexStats indexStats(LogSelection selection, Cancellation cancellation) {
    Set<Long> streams = new HashSet<>();
    long chunks = 0;
    long entries = 0;
    long bytes = 0;
    long start = selection.startNanos();
    long end = selection.endNanos();
    for (Partition partition : partitionsIn(start, end)) {
      for (PartitionStream stream : partition.labelIndex().select(selection, cancellation)) {
        StreamSnapshot snapshot = stream.snapshot();
        if (!snapshot.overlaps(start, end)) {
          continue;
        }
        streams.add(stream.globalId);
        for (ChunkMeta chunk : snapshot.chunks()) {
          if (chunk.overlaps(start, end)) {
            chunks++;
            entries += chunk.entries();
            bytes += chunk.lineBytes();
          }
        }
        LogEntry[] head = snapshot.head();
        for (int i = 0; i < snapshot.headSize(); i++) {
          long ts = head[i].timestampNanos();
          if (ts >= start && ts < end) {
            entries++;
            bytes += head[i].lineBytes();
          }
        }
      }
    }
    return new IndexStats(streams.size(), chunks, entries, bytes);
  }

  /** From chunk records and head blocks only; a chunk straddling a bound counts by the share of its span inside. */
  @Override
  public List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation) {
    long start = selection.startNanos();
    long end = selection.endNanos();
    Map<Long, long[]> perStream = new TreeMap<>(); // chunks, entries, bytes
    Map<Long, StreamRef> refs = new HashMap<>();
    for (Partition partition : partitionsIn(start, end)) {
      for (PartitionStream stream : partition.labelIndex().select(selection, cancellation)) {
        StreamSnapshot snapshot = stream.snapshot();
        if (!snapshot.overlaps(start, end)) {
          continue;
        }
        long[] sums = perStream.computeIfAbsent(stream.globalId, id -> new long[3]);
        refs.putIfAbsent(stream.globalId, ref(stream, selection.tenants()));
        for (ChunkMeta chunk : snapshot.chunks()) {
          if (chunk.overlaps(start, end)) {
            double share = shareInside(chunk.minTs(), chunk.maxTs(), start, end);
            sums[0]++;
            sums[1] += Math.round(chunk.entries() * share);
            sums[2] += Math.round(chunk.lineBytes() * share);
          }
        }
        LogEntry[] head = snapshot.head();
        for (int i = 0; i < snapshot.headSize(); i++) {
          long ts = head[i].timestampNanos();
          if (ts >= start && ts < end) {
            sums[1]++;
            sums[2] += head[i].lineBytes();
          }
        }
      }
    }
    List<StreamStats> result = new ArrayList<>(perStream.size());
    perStream.forEach(
        (id, sums) -> {
          if (sums[1] > 0) {
            result.add(new StreamStats(refs.get(id), sums[0], sums[1], sums[2]));
          }
        });
    return result;
  }

  /** The share of [min, max] (inclusive, a chunk's span) inside [start, end); 1 for a single-instant chunk inside. */
  static double shareInside(long min, long max, long start, long end) {
    if (max < start || min >= end) {
      return 0;
    }
    if (max == min) {
      return 1;
    }
    double span = (double) max - min;
    double inside = (double) Math.min(max, end) - Math.max(min, start);
    return Math.max(0, Math.min(1, inside / span));
  }

  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    return traceLookup.find(
        tenants, traceId, spanId, startNanos, endNanos, limit, stats, cancellation);
  }

  /** The handle of a stream the index selected for {@code tenants}. */
  static StreamRef ref(PartitionStream stream, TenantScope tenants) {
    return new StreamRef(stream.globalId, tenantOf(stream.key, tenants), stream.key.labels());
  }

  /**
   * The tenant of {@code tenants} a stream belongs to, or null when it is none of them; taken from the scope, so
   * no tenant ID is validated again per stream.
   */
  static TenantId tenantOf(StreamKey key, TenantScope tenants) {
    for (TenantId tenant : tenants.asSet()) {
      if (tenant.value().equals(key.tenant())) {
        return tenant;
      }
    }
    return null;
  }
}
