package io.tracemate.storage.lucene;

import io.tracemate.model.SpanKind;
import io.tracemate.storage.DependencyLink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.IntroSorter;

/**
 * Joins spans to their parents within each trace and counts calls between services, from the few numbers
 * the index keeps per span as doc values (trace ID, span and parent IDs, origin, kind, error). Columns of
 * primitives sorted in place, so a few million spans cost tens of bytes each and no object per span.
 *
 * <p>Rules: a span whose parent (same trace) belongs to another service is one call parent -> child,
 * failed when the child has ERROR status. Identical rows (a span stored twice) count once. Zipkin's shared
 * spans (client and server halves with one span ID) count as one call from the client's service to the
 * server's; children of a shared ID are attributed to its server half. Not thread-safe.
 */
final class DependencyLinker {
  /** Parent ID of a root span. */
  static final long NO_PARENT = 0;

  private long[] traceHighs = new long[1024];
  private long[] traceLows = new long[1024];
  private long[] spanIds = new long[1024];
  private long[] parentIds = new long[1024];
  private int[] services = new int[1024];
  private byte[] metas = new byte[1024];
  private int size;
  private final List<String> serviceNames = new ArrayList<>();
  private final Map<String, Integer> serviceIds = new HashMap<>();

  int size() {
    return size;
  }

  /** A stable number for a service name. */
  int serviceId(String service) {
    return serviceIds.computeIfAbsent(
        service,
        name -> {
          serviceNames.add(name);
          return serviceNames.size() - 1;
        });
  }

  /** @param meta kind and error bits, see {@link IndexFields#ORIGIN_AND_META} */
  void add(long traceHigh, long traceLow, long spanId, long parentId, int serviceId, int meta) {
    if (size == spanIds.length) {
      int capacity = ArrayUtil.oversize(size + 1, Long.BYTES);
      traceHighs = ArrayUtil.growExact(traceHighs, capacity);
      traceLows = ArrayUtil.growExact(traceLows, capacity);
      spanIds = ArrayUtil.growExact(spanIds, capacity);
      parentIds = ArrayUtil.growExact(parentIds, capacity);
      services = ArrayUtil.growExact(services, capacity);
      metas = ArrayUtil.growExact(metas, capacity);
    }
    traceHighs[size] = traceHigh;
    traceLows[size] = traceLow;
    spanIds[size] = spanId;
    parentIds[size] = parentId;
    services[size] = serviceId;
    metas[size] = (byte) meta;
    size++;
  }

  /** Links sorted by parent then child service name. */
  List<DependencyLink> link() {
    new RowSorter().sort(0, size);
    Map<Long, long[]> counts = new HashMap<>();
    int groupStart = 0;
    for (int i = 1; i <= size; i++) {
      if (i == size
          || traceHighs[i] != traceHighs[groupStart]
          || traceLows[i] != traceLows[groupStart]) {
        linkTrace(groupStart, i, counts);
        groupStart = i;
      }
    }
    List<DependencyLink> links = new ArrayList<>(counts.size());
    for (Map.Entry<Long, long[]> entry : counts.entrySet()) {
      String parent = serviceNames.get((int) (entry.getKey() >>> 32));
      String child = serviceNames.get((int) (long) entry.getKey());
      links.add(new DependencyLink(parent, child, entry.getValue()[0], entry.getValue()[1]));
    }
    links.sort(
        (a, b) -> {
          int c = a.parent().compareTo(b.parent());
          return c != 0 ? c : a.child().compareTo(b.child());
        });
    return links;
  }

  /** Rows [from, to) are one trace, sorted by span ID, so rows sharing a span ID are adjacent. */
  private void linkTrace(int from, int to, Map<Long, long[]> counts) {
    for (int row = from; row < to; row++) {
      if (row > from && isDuplicate(row)) {
        continue;
      }
      int kind = metas[row] & IndexFields.META_KIND_MASK;
      if (kind == SpanKind.SERVER.ordinal()) {
        int client = find(from, to, spanIds[row], SpanKind.CLIENT.ordinal());
        if (client >= 0) {
          count(counts, services[client], row);
          continue;
        }
      }
      if (parentIds[row] == NO_PARENT) {
        continue;
      }
      int parent = find(from, to, parentIds[row], SpanKind.SERVER.ordinal());
      if (parent < 0) {
        parent = find(from, to, parentIds[row], SpanKind.CONSUMER.ordinal());
      }
      if (parent < 0) {
        parent = find(from, to, parentIds[row], -1);
      }
      if (parent >= 0 && parent != row) {
        count(counts, services[parent], row);
      }
    }
  }

  private boolean isDuplicate(int row) {
    return spanIds[row] == spanIds[row - 1]
        && parentIds[row] == parentIds[row - 1]
        && services[row] == services[row - 1]
        && metas[row] == metas[row - 1];
  }

  /** A row in [from, to) with this span ID and kind (any kind when -1), or -1. */
  private int find(int from, int to, long spanId, int kind) {
    int low = from;
    int high = to - 1;
    while (low <= high) { // leftmost row with this span ID
      int mid = (low + high) >>> 1;
      if (spanIds[mid] < spanId) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    for (int row = low; row < to && spanIds[row] == spanId; row++) {
      if (kind < 0 || (metas[row] & IndexFields.META_KIND_MASK) == kind) {
        return row;
      }
    }
    return -1;
  }

  private void count(Map<Long, long[]> counts, int parentService, int childRow) {
    int childService = services[childRow];
    if (parentService == childService) {
      return;
    }
    long[] count =
        counts.computeIfAbsent(((long) parentService << 32) | childService, key -> new long[2]);
    count[0]++;
    if ((metas[childRow] & IndexFields.META_ERROR) != 0) {
      count[1]++;
    }
  }

  /** Orders rows by trace, span ID, parent ID, service and meta, swapping every column. */
  private final class RowSorter extends IntroSorter {
    private long pivotHigh;
    private long pivotLow;
    private long pivotSpanId;
    private long pivotParentId;
    private int pivotService;
    private byte pivotMeta;

    @Override
    protected void setPivot(int i) {
      pivotHigh = traceHighs[i];
      pivotLow = traceLows[i];
      pivotSpanId = spanIds[i];
      pivotParentId = parentIds[i];
      pivotService = services[i];
      pivotMeta = metas[i];
    }

    @Override
    protected int comparePivot(int j) {
      int c = Long.compare(pivotHigh, traceHighs[j]);
      if (c == 0) {
        c = Long.compare(pivotLow, traceLows[j]);
      }
      if (c == 0) {
        c = Long.compare(pivotSpanId, spanIds[j]);
      }
      if (c == 0) {
        c = Long.compare(pivotParentId, parentIds[j]);
      }
      if (c == 0) {
        c = Integer.compare(pivotService, services[j]);
      }
      if (c == 0) {
        c = Byte.compare(pivotMeta, metas[j]);
      }
      return c;
    }

    @Override
    protected void swap(int i, int j) {
      swapLongs(traceHighs, i, j);
      swapLongs(traceLows, i, j);
      swapLongs(spanIds, i, j);
      swapLongs(parentIds, i, j);
      int s = services[i];
      services[i] = services[j];
      services[j] = s;
      byte m = metas[i];
      metas[i] = metas[j];
      metas[j] = m;
    }

    private static void swapLongs(long[] values, int i, int j) {
      long v = values[i];
      values[i] = values[j];
      values[j] = v;
    }
  }
}
