package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Summarizes traces by tenant and ID from a {@link ReadSnapshot}, within its tenant scope (the snapshot adds the
 * tenant filter to the one query this runs), without loading their spans: everything a
 * {@link TraceSummary} counts (span and parent IDs, start, duration, service through the origin, the error bit)
 * is in doc values, so only the root span's stored record is read, for its name: one record per trace where
 * {@link TraceLoader} decompresses and decodes every span's. A search result list of 20 traces of 5,000 spans each
 * reads 20 records instead of 100,000, and holds a few numbers per span instead of the spans.
 *
 * <p>The store may hold a span twice (a client's retry, a WAL replay); {@link TraceLoader} keeps one of identical
 * spans, and this keeps one of the spans whose indexed values are all equal (IDs, start, duration, service, kind,
 * error), which are the same spans unless two spans of one trace share all of those and differ only in name or
 * attributes.
 */
final class SummaryLoader {
  private static final int CHECK_EVERY = 1024;

  private SummaryLoader() {}

  /** A span's document: its leaf among the snapshot's leaves and its number there. */
  private record DocRef(int leaf, int doc) {}

  /** What two copies of one span have in common, as the index holds it. */
  private record IndexedKey(
      long spanId, long parentId, long start, long duration, String service, long meta) {}

  /** One trace's summary being built and the spans it has. */
  private static final class TraceState {
    final TraceSummary.Builder<DocRef> summary;
    final Set<IndexedKey> seen = new HashSet<>();

    TraceState(TraceKey key) {
      summary = new TraceSummary.Builder<>(key.tenant(), key.traceId());
    }
  }

  /** The summaries of the traces of {@code keys}, in the order given; keys with no stored span are left out. */
  static List<TraceSummary> load(
      ReadSnapshot snapshot, Collection<TraceKey> keys, Cancellation cancellation)
      throws IOException {
    if (keys.isEmpty()) {
      return List.of();
    }
    Set<TraceId> traceIds = new LinkedHashSet<>();
    for (TraceKey key : keys) {
      traceIds.add(key.traceId());
    }
    Map<TraceKey, TraceState> traces = collect(snapshot, traceIds, cancellation);
    List<LeafReaderContext> leaves = snapshot.leaves();
    NameVisitor visitor = new NameVisitor();
    List<TraceSummary> summaries = new ArrayList<>(traces.size());
    for (TraceKey key : keys) {
      TraceState trace = traces.get(key);
      if (trace == null) {
        continue;
      }
      cancellation.check();
      DocRef root = trace.summary.root();
      LeafReader reader = leaves.get(root.leaf()).reader();
      visitor.name = null;
      reader.storedFields().document(root.doc(), visitor);
      if (visitor.name == null) {
        throw new IOException(
            "corrupt span document " + root.doc() + " in " + reader + ": record missing");
      }
      summaries.add(trace.summary.build(visitor.name));
    }
    return summaries;
  }

  /**
   * Every span of the trace IDs within the snapshot's scope, by tenant and trace, from doc values only, checking the
   * cancellation every {@value #CHECK_EVERY}. A trace ID of one tenant may be found for another tenant of the scope
   * too; that trace is summarized and left unused, as {@link TraceLoader} loads it.
   */
  private static Map<TraceKey, TraceState> collect(
      ReadSnapshot snapshot, Collection<TraceId> traceIds, Cancellation cancellation)
      throws IOException {
    List<BytesRef> terms = new ArrayList<>(traceIds.size());
    for (TraceId traceId : traceIds) {
      terms.add(IndexFields.traceIdTerm(traceId));
    }
    Weight weight = snapshot.weightOf(new TermInSetQuery(IndexFields.TRACE_ID, terms));
    Map<TraceKey, TraceState> traces = new HashMap<>();
    List<LeafReaderContext> leaves = snapshot.leaves();
    long visited = 0;
    for (int leafIndex = 0; leafIndex < leaves.size(); leafIndex++) {
      LeafReaderContext leaf = leaves.get(leafIndex);
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      LeafReader reader = leaf.reader();
      SortedDocValues traceIdValues = DocValues.getSorted(reader, IndexFields.TRACE_ID);
      NumericDocValues starts = DocValues.getNumeric(reader, IndexFields.START);
      NumericDocValues durations = DocValues.getNumeric(reader, IndexFields.DURATION);
      NumericDocValues spanIds = DocValues.getNumeric(reader, IndexFields.SPAN_ID);
      NumericDocValues parentIds = DocValues.getNumeric(reader, IndexFields.PARENT_ID);
      NumericDocValues originsAndMetas = DocValues.getNumeric(reader, IndexFields.ORIGIN_AND_META);
      OriginDictionary origins = snapshot.partitionOf(leaf).origins();
      ReadSnapshot.LeafTenants tenants = snapshot.tenantsOf(leaf);
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (++visited % CHECK_EVERY == 0) {
          cancellation.check();
        }
        if (!traceIdValues.advanceExact(doc)
            || !starts.advanceExact(doc)
            || !durations.advanceExact(doc)
            || !spanIds.advanceExact(doc)
            || !originsAndMetas.advanceExact(doc)) {
          throw new IOException(
              "corrupt span document " + doc + " in " + reader + ": doc values missing");
        }
        TraceId traceId = IndexFields.traceIdOf(traceIdValues.lookupOrd(traceIdValues.ordValue()));
        long parent = parentIds.advanceExact(doc) ? parentIds.longValue() : SpanId.NONE.value();
        long originAndMeta = originsAndMetas.longValue();
        long meta = originAndMeta & ((1L << IndexFields.META_BITS) - 1);
        String service =
            origins
                .origin((int) (originAndMeta >>> IndexFields.META_BITS))
                .resource()
                .serviceName();
        long start = starts.longValue();
        long duration = durations.longValue();
        TraceState trace =
            traces.computeIfAbsent(new TraceKey(tenants.of(doc), traceId), TraceState::new);
        if (trace.seen.add(
            new IndexedKey(spanIds.longValue(), parent, start, duration, service, meta))) {
          trace.summary.add(
              new SpanId(spanIds.longValue()),
              new SpanId(parent),
              service,
              start,
              start + duration,
              (meta & IndexFields.META_ERROR) != 0,
              new DocRef(leafIndex, doc));
        }
      }
    }
    return traces;
  }

  /** Reads the name from the record field and stops. */
  private static final class NameVisitor extends StoredFieldVisitor {
    String name;

    @Override
    public Status needsField(FieldInfo fieldInfo) {
      if (name != null) {
        return Status.STOP;
      }
      return fieldInfo.name.equals(IndexFields.RECORD) ? Status.YES : Status.NO;
    }

    @Override
    public void binaryField(FieldInfo fieldInfo, byte[] value) throws IOException {
      name = SpanRecord.readName(value, 0, value.length);
    }
  }
}
