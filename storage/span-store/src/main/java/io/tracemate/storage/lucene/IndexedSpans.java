package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * The walk {@link TraceLoader} and {@link SummaryLoader} share: every span document of some trace IDs in a
 * {@link ReadSnapshot}, within its tenant scope (the snapshot adds the tenant filter to the one term query this
 * runs over all partitions), leaf by leaf and in index order within a leaf (so stored-field blocks are read front to
 * back), with each span's indexed values read from doc values. The cancellation is checked every
 * {@value #CHECK_EVERY} documents.
 *
 * <p>The visitor sees one reused {@link Doc} per walk whose values are those of the current document, valid until
 * the visitor returns: no object is made per span here. Not thread-safe: one walk belongs to one thread.
 */
final class IndexedSpans {
  private static final int CHECK_EVERY = 1024;

  private IndexedSpans() {}

  /** What the walk calls for each span document. */
  @FunctionalInterface
  interface Visitor {
    void visit(Doc doc) throws IOException;
  }

  /** The distinct trace IDs of {@code keys}, in their order. */
  static Set<TraceId> traceIdsOf(Collection<TraceKey> keys) {
    Set<TraceId> traceIds = new LinkedHashSet<>();
    for (TraceKey key : keys) {
      traceIds.add(key.traceId());
    }
    return traceIds;
  }

  /**
   * Visits every span document of {@code traceIds} of the snapshot's tenants. A trace ID of one tenant may be found
   * for another tenant of the scope too; the visitor tells them apart by {@link Doc#tenant()}.
   *
   * @throws IOException when the index cannot be read, or a document lacks an indexed value every span has
   */
  static void forEach(
      ReadSnapshot snapshot,
      Collection<TraceId> traceIds,
      Cancellation cancellation,
      Visitor visitor)
      throws IOException {
    List<BytesRef> terms = new ArrayList<>(traceIds.size());
    for (TraceId traceId : traceIds) {
      terms.add(IndexFields.traceIdTerm(traceId));
    }
    Weight weight = snapshot.weightOf(new TermInSetQuery(IndexFields.TRACE_ID, terms));
    List<LeafReaderContext> leaves = snapshot.leaves();
    Doc current = new Doc();
    long visited = 0;
    for (int leafIndex = 0; leafIndex < leaves.size(); leafIndex++) {
      LeafReaderContext leaf = leaves.get(leafIndex);
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      current.enter(snapshot, leaf, leafIndex);
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (++visited % CHECK_EVERY == 0) {
          cancellation.check();
        }
        current.advance(doc);
        visitor.visit(current);
      }
    }
  }

  /** The span document the walk is at, and its leaf. */
  static final class Doc {
    private LeafReader reader;
    private int leafIndex;
    private SortedDocValues traceIds;
    private NumericDocValues starts;
    private NumericDocValues durations;
    private NumericDocValues spanIds;
    private NumericDocValues parentIds;
    private NumericDocValues originsAndMetas;
    private OriginDictionary origins;
    private ReadSnapshot.LeafTenants tenants;
    private StoredFields storedFields;
    private int doc;
    private TenantId tenant;
    private TraceId traceId;
    private long spanId;
    private long parentId;
    private long start;
    private long duration;
    private long originAndMeta;

    private Doc() {}

    private void enter(ReadSnapshot snapshot, LeafReaderContext leaf, int index)
        throws IOException {
      reader = leaf.reader();
      leafIndex = index;
      traceIds = DocValues.getSorted(reader, IndexFields.TRACE_ID);
      starts = DocValues.getNumeric(reader, IndexFields.START);
      durations = DocValues.getNumeric(reader, IndexFields.DURATION);
      spanIds = DocValues.getNumeric(reader, IndexFields.SPAN_ID);
      parentIds = DocValues.getNumeric(reader, IndexFields.PARENT_ID);
      originsAndMetas = DocValues.getNumeric(reader, IndexFields.ORIGIN_AND_META);
      origins = snapshot.partitionOf(leaf).origins();
      tenants = snapshot.tenantsOf(leaf);
      storedFields = null;
    }

    private void advance(int next) throws IOException {
      doc = next;
      if (!traceIds.advanceExact(doc)
          || !starts.advanceExact(doc)
          || !durations.advanceExact(doc)
          || !spanIds.advanceExact(doc)
          || !originsAndMetas.advanceExact(doc)) {
        throw corrupt("doc values missing");
      }
      traceId = IndexFields.traceIdOf(traceIds.lookupOrd(traceIds.ordValue()));
      spanId = spanIds.longValue();
      parentId = parentIds.advanceExact(doc) ? parentIds.longValue() : SpanId.NONE.value();
      start = starts.longValue();
      duration = durations.longValue();
      originAndMeta = originsAndMetas.longValue();
      tenant = tenants.of(doc);
    }

    /** The document's number in its leaf. */
    int doc() {
      return doc;
    }

    /** The leaf's position among the snapshot's leaves. */
    int leafIndex() {
      return leafIndex;
    }

    TenantId tenant() {
      return tenant;
    }

    TraceId traceId() {
      return traceId;
    }

    long spanId() {
      return spanId;
    }

    /** {@link SpanId#NONE}'s value for a root span. */
    long parentId() {
      return parentId;
    }

    long startEpochNanos() {
      return start;
    }

    long durationNanos() {
      return duration;
    }

    OriginDictionary.Origin origin() throws IOException {
      return origins.origin((int) (originAndMeta >>> IndexFields.META_BITS));
    }

    /** The kind, status and flag bits indexed with the origin ({@link IndexFields#META_BITS} of them). */
    long meta() {
      return originAndMeta & ((1L << IndexFields.META_BITS) - 1);
    }

    /** The stored fields of the current leaf, opened on first use. */
    StoredFields storedFields() throws IOException {
      if (storedFields == null) {
        storedFields = reader.storedFields();
      }
      return storedFields;
    }

    /** An error naming this document, for a value it lacks. */
    IOException corrupt(String what) {
      return new IOException("corrupt span document " + doc + " in " + reader + ": " + what);
    }
  }
}
