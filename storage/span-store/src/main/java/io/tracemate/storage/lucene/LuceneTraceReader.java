package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import io.tracemate.storage.Operation;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.TraceSummary;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopDocs;

/**
 * Reads traces back. Searches run over all partitions at once (a {@link ReadSnapshot} of the read's tenant scope,
 * which keeps every query within it), sorted by span start time, newest first (or by span duration, longest
 * first), collecting distinct traces (tenant and trace ID) until the limit is reached; the traces are then loaded
 * whole. Services and operations come from each partition's catalog, per tenant. Thread-safe.
 */
final class LuceneTraceReader implements TraceReader {
  private static final Sort NEWEST_FIRST =
      new Sort(new SortField(IndexFields.START, SortField.Type.LONG, true));
  private static final Sort LONGEST_FIRST =
      new Sort(new SortField(IndexFields.DURATION, SortField.Type.LONG, true));
  private static final int MIN_PAGE = 100;
  private static final int MAX_PAGE = 50_000;
  private static final long FIRST_SLICE_NANOS = 60_000_000_000L;

  private final LuceneStorage storage;

  LuceneTraceReader(LuceneStorage storage) {
    this.storage = storage;
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId) {
    return trace(scope, traceId, Cancellation.none());
  }

  @Override
  public List<TenantTrace> trace(TenantScope scope, TraceId traceId, Cancellation cancellation) {
    cancellation.check();
    try (ReadSnapshot snapshot = ReadSnapshot.open(storage, scope, cancellation)) {
      return TraceLoader.loadEveryTenant(snapshot, traceId, cancellation);
    } catch (IOException e) {
      throw new StorageException(
          "reading trace " + traceId + " failed: " + e.getMessage(), true, e);
    }
  }

  @Override
  public List<TenantTrace> findTraces(TenantScope scope, TraceQuery query) {
    return findTraces(scope, query, Cancellation.none());
  }

  /**
   * Searches with Lucene's {@link org.apache.lucene.index.QueryTimeout} set to the cancellation (Lucene then
   * checks it while it collects each segment) and checks it between slices, pages and loaded documents.
   */
  @Override
  public List<TenantTrace> findTraces(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    cancellation.check();
    try (ReadSnapshot snapshot = ReadSnapshot.open(storage, scope, cancellation)) {
      return TraceLoader.load(
          snapshot, matchingTraces(snapshot, query, cancellation), cancellation);
    } catch (IOException e) {
      throw new StorageException("trace search failed: " + e.getMessage(), true, e);
    }
  }

  /**
   * The same search as {@link #findTraces(TenantScope, TraceQuery, Cancellation)} in a snapshot of the same scope,
   * then {@link SummaryLoader} summarizes each trace from doc values and reads one stored record per trace (its
   * root's name) instead of every span's.
   */
  @Override
  public List<TraceSummary> findTraceSummaries(
      TenantScope scope, TraceQuery query, Cancellation cancellation) {
    cancellation.check();
    try (ReadSnapshot snapshot = ReadSnapshot.open(storage, scope, cancellation)) {
      return SummaryLoader.load(
          snapshot, matchingTraces(snapshot, query, cancellation), cancellation);
    } catch (IOException e) {
      throw new StorageException("trace summary search failed: " + e.getMessage(), true, e);
    }
  }

  private static Set<TraceKey> matchingTraces(
      ReadSnapshot snapshot, TraceQuery query, Cancellation cancellation) throws IOException {
    return query.order() == TraceQuery.Order.LONGEST_FIRST
        ? longestTraces(snapshot, query, cancellation)
        : newestTraces(snapshot, query, cancellation);
  }

  /**
   * Distinct trace IDs of matching spans, in the order of each trace's newest matching span.
   *
   * <p>Spans are stored roughly oldest first, the opposite of the order wanted, so a sorted search over the
   * whole window could not stop early. Instead the window is searched in slices from its newest end, one
   * minute first and four times wider each step, until the limit is reached; the skip index on the start
   * time makes each slice cost about what it matches. Slices do not overlap, so their results concatenate
   * in order.
   */
  private static Set<TraceKey> newestTraces(
      ReadSnapshot snapshot, TraceQuery query, Cancellation cancellation) throws IOException {
    Set<TraceKey> traces = new LinkedHashSet<>();
    long low = Math.max(query.startTimeMinNanos(), snapshot.minStartNanos());
    long high = Math.min(query.startTimeMaxNanos(), snapshot.maxStartNanos());
    long width = FIRST_SLICE_NANOS;
    for (long sliceHigh = high; sliceHigh >= low && traces.size() < query.limit(); ) {
      boolean lastSlice =
          sliceHigh - low >= 0 && sliceHigh - low < width; // a negative difference overflowed
      long sliceLow = lastSlice ? low : sliceHigh - width + 1;
      Query spans =
          TraceQueries.spansMatching(
              snapshot.scope(), query, sliceLow, sliceHigh, snapshot.partitions());
      collectInOrder(snapshot, spans, NEWEST_FIRST, query.limit(), traces, cancellation);
      if (sliceLow == low) {
        break;
      }
      sliceHigh = sliceLow - 1;
      width = width > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : width * 4;
    }
    return traces;
  }

  /**
   * Distinct trace IDs of matching spans in the order of each trace's longest matching span. One search sorted
   * by duration over the whole window: unlike newest-first, the answer may lie anywhere in it, and the sort keeps
   * only a page of hits in memory however many spans match.
   */
  private static Set<TraceKey> longestTraces(
      ReadSnapshot snapshot, TraceQuery query, Cancellation cancellation) throws IOException {
    Set<TraceKey> traces = new LinkedHashSet<>();
    Query spans =
        TraceQueries.spansMatching(
            snapshot.scope(),
            query,
            query.startTimeMinNanos(),
            query.startTimeMaxNanos(),
            snapshot.partitions());
    collectInOrder(snapshot, spans, LONGEST_FIRST, query.limit(), traces, cancellation);
    return traces;
  }

  /**
   * Adds trace IDs of matching spans in the sort's order until {@code traces} holds {@code limit}. Pages grow
   * fourfold because a page that yields too few traces means traces with many matching spans.
   */
  private static void collectInOrder(
      ReadSnapshot snapshot,
      Query query,
      Sort sort,
      int limit,
      Set<TraceKey> traces,
      Cancellation cancellation)
      throws IOException {
    int pageSize = (int) Math.min(MAX_PAGE, Math.max(MIN_PAGE, 10L * limit));
    ScoreDoc after = null;
    while (traces.size() < limit) {
      cancellation.check();
      TopDocs page = snapshot.searchAfter(after, query, pageSize, sort);
      // A timed-out Lucene search returns what it found so far; the query is over, not its partial
      // answer.
      cancellation.check();
      ScoreDoc[] hits = page.scoreDocs;
      TraceKey[] traceIds = tracesOf(snapshot, hits);
      for (int i = 0; i < hits.length && traces.size() < limit; i++) {
        traces.add(traceIds[i]);
      }
      if (hits.length < pageSize) {
        return;
      }
      after = (FieldDoc) hits[hits.length - 1];
      pageSize = Math.min(MAX_PAGE, pageSize * 4);
    }
  }

  /** The trace of each hit, reading doc values in index order as their iterators require. */
  private static TraceKey[] tracesOf(ReadSnapshot snapshot, ScoreDoc[] hits) throws IOException {
    long[] docAndIndex = new long[hits.length];
    for (int i = 0; i < hits.length; i++) {
      docAndIndex[i] = ((long) hits[i].doc << 32) | i;
    }
    Arrays.sort(docAndIndex);
    TraceKey[] traceIds = new TraceKey[hits.length];
    List<LeafReaderContext> leaves = snapshot.leaves();
    LeafReaderContext leaf = null;
    SortedDocValues values = null;
    ReadSnapshot.LeafTenants tenants = null;
    for (long entry : docAndIndex) {
      int doc = (int) (entry >>> 32);
      int index = (int) entry;
      if (leaf == null || doc >= leaf.docBase + leaf.reader().maxDoc()) {
        leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        values = DocValues.getSorted(leaf.reader(), IndexFields.TRACE_ID);
        tenants = snapshot.tenantsOf(leaf);
      }
      if (!values.advanceExact(doc - leaf.docBase)) {
        throw new IOException("corrupt span document " + doc + ": no trace ID");
      }
      traceIds[index] =
          new TraceKey(
              tenants.of(doc - leaf.docBase),
              IndexFields.traceIdOf(values.lookupOrd(values.ordValue())));
    }
    return traceIds;
  }

  @Override
  public List<String> serviceNames(TenantScope scope) {
    storage.ensureOpen();
    Set<String> services = new TreeSet<>();
    for (Partition partition : storage.livePartitions().values()) {
      partition.catalog().addServices(scope, services);
    }
    return List.copyOf(services);
  }

  @Override
  public List<Operation> operations(TenantScope scope, String serviceName, SpanKind spanKind) {
    storage.ensureOpen();
    Set<Operation> operations = new TreeSet<>(Operation.BY_NAME_THEN_KIND);
    for (Partition partition : storage.livePartitions().values()) {
      partition.catalog().addOperations(scope, serviceName, operations);
    }
    if (spanKind != null) {
      operations.removeIf(operation -> operation.spanKind() != spanKind);
    }
    return List.copyOf(operations);
  }
}
