package io.tracemate.logs.store;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.TraceEntry;
import io.tracemate.logs.model.LogEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * Logs of one trace without scanning: each chunk carries the sorted 32-bit keys of its trace IDs, so only the
 * chunks that (almost certainly) hold the trace are decompressed; head blocks keep one key per entry. Partitions
 * are visited oldest first and the search stops once a partition fills the limit. Thread-safe.
 */
final class TraceLookup {
  private final ConcurrentNavigableMap<Long, Partition> partitions;

  private final Decompressors decompressors;

  TraceLookup(ConcurrentNavigableMap<Long, Partition> partitions, Decompressors decompressors) {
    this.partitions = partitions;
    this.decompressors = decompressors;
  }

  private record Hit(TraceEntry entry, long sequence, int index) {}

  private static final Comparator<Hit> ORDER =
      Comparator.comparingLong((Hit h) -> h.entry().entry().timestampNanos())
          .thenComparingLong(Hit::sequence)
          .thenComparingInt(Hit::index);

  List<TraceEntry> find(
      TenantScope tenants,
      String traceId,
      String spanId,
      long start,
      long end,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    if (limit <= 0 || start >= end) {
      return List.of();
    }
    int key = TraceIds.key(traceId);
    ByteSearch search = new ByteSearch(traceId.getBytes(StandardCharsets.UTF_8));
    List<Hit> hits = new ArrayList<>();
    for (Partition partition : partitions.values()) {
      if (!partition.overlaps(start, end)) {
        continue;
      }
      for (TenantId tenant : tenants.asSet()) {
        findIn(
            partition, tenant, traceId, spanId, key, search, start, end, hits, stats, cancellation);
      }
      if (hits.size() >= limit) {
        break;
      }
    }
    hits.sort(ORDER);
    List<TraceEntry> result = new ArrayList<>(Math.min(limit, hits.size()));
    for (int i = 0; i < hits.size() && i < limit; i++) {
      result.add(hits.get(i).entry());
    }
    return result;
  }

  /** Adds the entries of one tenant's streams in one partition that carry the trace (and span) to {@code hits}. */
  private void findIn(
      Partition partition,
      TenantId tenant,
      String traceId,
      String spanId,
      int key,
      ByteSearch search,
      long start,
      long end,
      List<Hit> hits,
      ScanStats stats,
      Cancellation cancellation) {
    byte[] compressed = null;
    byte[] payload = null;
    int walked = 0;
    for (PartitionStream stream : partition.labelIndex().streamsOf(tenant.value())) {
      if (++walked % LabelIndex.CHECK_EVERY == 0) {
        cancellation.check();
      }
      StreamRef ref = new StreamRef(stream.globalId, tenant, stream.key.labels());
      StreamSnapshot snapshot = stream.snapshot();
      if (!snapshot.overlaps(start, end)) {
        continue;
      }
      for (ChunkMeta chunk : snapshot.chunks()) {
        if (!chunk.overlaps(start, end) || !chunk.mayContainTrace(key)) {
          continue;
        }
        cancellation.check(); // per chunk opened, as a scan checks
        compressed = partition.readChunk(chunk, compressed);
        stats.addChunk(chunk.length());
        DecodedChunk decoded = DecodedChunk.decode(chunk, compressed, payload, decompressors);
        payload = decoded.payload;
        int from = decoded.lowerBound(start);
        int to = decoded.lowerBound(end);
        stats.addLines(to - from, decoded.lineStart[to] - decoded.lineStart[from]);
        for (int i : entriesMentioning(decoded, search, from, to)) {
          if (traceId.equals(decoded.metadataValue(i, LogEntry.TRACE_ID))) {
            LogEntry entry = decoded.entry(i);
            if (spanId == null || spanId.equals(entry.spanId())) {
              hits.add(new Hit(new TraceEntry(ref, entry), chunk.sequence(), i));
            }
          }
        }
      }
      LogEntry[] head = snapshot.head();
      int[] keys = snapshot.headKeys();
      int headSize = snapshot.headSize();
      for (int i = 0; i < headSize; i++) {
        if (keys[i] != key) {
          continue; // the int array alone rules out almost every entry, without touching the
          // entries
        }
        LogEntry entry = head[i];
        long ts = entry.timestampNanos();
        if (ts >= start
            && ts < end
            && traceId.equals(entry.traceId())
            && (spanId == null || spanId.equals(entry.spanId()))) {
          stats.addLines(1, entry.lineBytes());
          hits.add(new Hit(new TraceEntry(ref, entry), Long.MAX_VALUE, i));
        }
      }
    }
  }

  /** Entries in [from, to) whose metadata bytes contain the trace ID: a byte search instead of decoding each. */
  private static List<Integer> entriesMentioning(
      DecodedChunk chunk, ByteSearch search, int from, int to) {
    List<Integer> result = new ArrayList<>();
    int[] metaStart = chunk.metaStart;
    int position = metaStart[from];
    int end = metaStart[to];
    int entry = from;
    while (position < end) {
      int hit = search.indexOf(chunk.payload, position, end);
      if (hit < 0) {
        break;
      }
      while (metaStart[entry + 1] <= hit) {
        entry++;
      }
      result.add(entry);
      position = metaStart[entry + 1];
      entry++;
    }
    return result;
  }
}
