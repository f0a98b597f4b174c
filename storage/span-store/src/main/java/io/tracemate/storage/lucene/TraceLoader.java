package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Reads whole traces by ID from a {@link ReadSnapshot}: one term query over all partitions, documents read
 * in index order (so stored-field blocks are read front to back), spans rebuilt from their record plus doc
 * values, identical spans kept once, each trace ordered by start time.
 */
final class TraceLoader {
  /** Start time, then span ID, kind and name, so equal start times still give one stable order. */
  static final Comparator<Span> SPAN_ORDER =
      Comparator.comparingLong(Span::startEpochNanos)
          .thenComparing((a, b) -> Long.compareUnsigned(a.spanId().value(), b.spanId().value()))
          .thenComparing(Span::kind)
          .thenComparing(Span::name);

  private static final int CHECK_EVERY = 1024;

  private TraceLoader() {}

  /** The traces found among {@code traceIds}, in the order given; IDs with no stored span are left out. */
  static List<Trace> load(ReadSnapshot snapshot, Collection<TraceId> traceIds) throws IOException {
    return load(snapshot, traceIds, Cancellation.none());
  }

  /** As {@link #load(ReadSnapshot, Collection)}, checking the cancellation every {@value #CHECK_EVERY} spans. */
  static List<Trace> load(
      ReadSnapshot snapshot, Collection<TraceId> traceIds, Cancellation cancellation)
      throws IOException {
    if (traceIds.isEmpty()) {
      return List.of();
    }
    List<BytesRef> terms = new ArrayList<>(traceIds.size());
    for (TraceId traceId : traceIds) {
      terms.add(IndexFields.traceIdTerm(traceId));
    }
    Map<TraceId, List<Span>> spansByTrace = new HashMap<>();
    IndexSearcher searcher = snapshot.searcher();
    Query query = new TermInSetQuery(IndexFields.TRACE_ID, terms);
    Weight weight =
        searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    RecordVisitor visitor = new RecordVisitor();
    long loaded = 0;
    for (LeafReaderContext leaf : snapshot.leaves()) {
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
      StoredFields storedFields = reader.storedFields();
      OriginDictionary origins = snapshot.partitionOf(leaf).origins();
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (++loaded % CHECK_EVERY == 0) {
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
        visitor.record = null;
        storedFields.document(doc, visitor);
        if (visitor.record == null) {
          throw new IOException(
              "corrupt span document " + doc + " in " + reader + ": record missing");
        }
        SpanId parent =
            parentIds.advanceExact(doc) ? new SpanId(parentIds.longValue()) : SpanId.NONE;
        int originId = (int) (originsAndMetas.longValue() >>> IndexFields.META_BITS);
        SpanRecord.IndexedSpan indexed =
            new SpanRecord.IndexedSpan(
                traceId,
                new SpanId(spanIds.longValue()),
                parent,
                starts.longValue(),
                durations.longValue(),
                origins.origin(originId));
        Span span = SpanRecord.read(visitor.record, 0, visitor.record.length, indexed);
        spansByTrace.computeIfAbsent(traceId, id -> new ArrayList<>()).add(span);
      }
    }
    List<Trace> traces = new ArrayList<>(spansByTrace.size());
    for (TraceId traceId : traceIds) {
      List<Span> spans = spansByTrace.get(traceId);
      if (spans != null) {
        List<Span> distinct = new ArrayList<>(new LinkedHashSet<>(spans));
        distinct.sort(SPAN_ORDER);
        traces.add(new Trace(traceId, distinct));
      }
    }
    return traces;
  }

  /** Reads just the record field and stops. */
  private static final class RecordVisitor extends StoredFieldVisitor {
    byte[] record;

    @Override
    public Status needsField(FieldInfo fieldInfo) {
      if (record != null) {
        return Status.STOP;
      }
      return fieldInfo.name.equals(IndexFields.RECORD) ? Status.YES : Status.NO;
    }

    @Override
    public void binaryField(FieldInfo fieldInfo, byte[] value) {
      record = value;
    }
  }
}
