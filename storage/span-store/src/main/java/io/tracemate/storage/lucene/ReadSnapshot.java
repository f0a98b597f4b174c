package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DocValuesSkipper;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;

/**
 * A consistent view of every live partition for one read of one {@link TenantScope}: a searcher per partition,
 * taken together and held until {@link #close()}, so retention or a refresh during the read changes nothing it
 * sees.
 *
 * <p><b>The one place tenants are kept apart.</b> Reads search only through {@link #searchAfter} and
 * {@link #weightOf}, which add the scope's tenant filter ({@link TraceQueries#tenantFilter}) as a FILTER clause to
 * whatever they are given; the searcher itself is not handed out, so no read can run a query without it.
 * {@link #tenantsOf} tells which tenant a document belongs to.
 *
 * <p>One thread at a time.
 */
final class ReadSnapshot implements Closeable {
  private final TenantScope scope;
  private final Query tenantFilter;
  private final List<Partition> partitions;
  private final List<IndexSearcher> searchers;
  private final MultiReader reader;
  private final IndexSearcher searcher;
  private final Partition[] partitionOfLeaf;

  private ReadSnapshot(
      TenantScope scope,
      List<Partition> partitions,
      List<IndexSearcher> searchers,
      Cancellation cancellation)
      throws IOException {
    this.scope = scope;
    this.tenantFilter = TraceQueries.tenantFilter(scope);
    this.partitions = partitions;
    this.searchers = searchers;
    IndexReader[] readers = new IndexReader[searchers.size()];
    int leafCount = 0;
    for (int i = 0; i < readers.length; i++) {
      readers[i] = searchers.get(i).getIndexReader();
      leafCount += readers[i].leaves().size();
    }
    this.reader = new MultiReader(readers, false);
    this.searcher = new IndexSearcher(reader);
    searcher.setTimeout(cancellation::isCancelled);
    this.partitionOfLeaf = new Partition[leafCount];
    int leaf = 0;
    for (int i = 0; i < readers.length; i++) {
      for (int j = 0; j < readers[i].leaves().size(); j++) {
        partitionOfLeaf[leaf++] = partitions.get(i);
      }
    }
  }

  /** Acquires every live partition of {@code storage}, newest first, for a read of {@code scope}. */
  static ReadSnapshot open(LuceneStorage storage, TenantScope scope) throws IOException {
    return open(storage, scope, Cancellation.none());
  }

  /** As {@link #open(LuceneStorage, TenantScope)}; searches stop collecting once the read is cancelled. */
  static ReadSnapshot open(LuceneStorage storage, TenantScope scope, Cancellation cancellation)
      throws IOException {
    List<Partition> partitions = storage.acquireAll();
    List<IndexSearcher> searchers = new ArrayList<>(partitions.size());
    try {
      for (Partition partition : partitions) {
        searchers.add(partition.acquireSearcher());
      }
      return new ReadSnapshot(scope, partitions, searchers, cancellation);
    } catch (IOException | RuntimeException e) {
      for (int i = 0; i < searchers.size(); i++) {
        partitions.get(i).releaseSearcher(searchers.get(i));
      }
      LuceneStorage.releaseAll(partitions);
      throw e;
    }
  }

  TenantScope scope() {
    return scope;
  }

  /** {@link IndexSearcher#searchAfter(ScoreDoc, Query, int, Sort)} of the query within the scope's tenants. */
  TopDocs searchAfter(ScoreDoc after, Query query, int count, Sort sort) throws IOException {
    return searcher.searchAfter(after, scoped(query), count, sort);
  }

  /** The weight, without scores, of the query within the scope's tenants, to run leaf by leaf. */
  Weight weightOf(Query query) throws IOException {
    return searcher.createWeight(searcher.rewrite(scoped(query)), ScoreMode.COMPLETE_NO_SCORES, 1f);
  }

  private Query scoped(Query query) {
    return new BooleanQuery.Builder()
        .add(query, BooleanClause.Occur.FILTER)
        .add(tenantFilter, BooleanClause.Occur.FILTER)
        .build();
  }

  /** The lowest and highest span start time of the view (no tenant: a bound only). */
  long minStartNanos() throws IOException {
    return DocValuesSkipper.globalMinValue(searcher, IndexFields.START);
  }

  long maxStartNanos() throws IOException {
    return DocValuesSkipper.globalMaxValue(searcher, IndexFields.START);
  }

  /** The tenants of a leaf's documents; ask in increasing document order. */
  LeafTenants tenantsOf(LeafReaderContext leaf) throws IOException {
    return new LeafTenants(leaf.reader().getSortedDocValues(IndexFields.TENANT));
  }

  /** Which tenant each document of one leaf belongs to: its tenant field, else {@link TenantId#DEFAULT}. */
  static final class LeafTenants {
    private final SortedDocValues values; // null: no span of another tenant in this leaf
    private TenantId[] byOrd;

    private LeafTenants(SortedDocValues values) {
      this.values = values;
    }

    TenantId of(int doc) throws IOException {
      if (values == null || !values.advanceExact(doc)) {
        return TenantId.DEFAULT;
      }
      int ord = values.ordValue();
      if (byOrd == null) {
        byOrd = new TenantId[values.getValueCount()];
      }
      TenantId tenant = byOrd[ord];
      if (tenant == null) {
        tenant = IndexFields.tenantOf(values.lookupOrd(ord));
        byOrd[ord] = tenant;
      }
      return tenant;
    }
  }

  List<LeafReaderContext> leaves() {
    return reader.leaves();
  }

  /** The partition a leaf of this view belongs to (its origin dictionary decodes the leaf's spans). */
  Partition partitionOf(LeafReaderContext leaf) {
    return partitionOfLeaf[leaf.ord];
  }

  /** The partitions of this view, newest first, each with the leaves it holds. */
  List<Partition> partitions() {
    return partitions;
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      for (int i = 0; i < partitions.size(); i++) {
        try {
          partitions.get(i).releaseSearcher(searchers.get(i));
        } finally {
          partitions.get(i).release();
        }
      }
    }
  }
}
