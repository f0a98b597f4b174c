package io.tracemate.storage.lucene;

import io.tracemate.common.Cancellation;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TenantTrace;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
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
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * Reads whole traces by ID from a {@link ReadSnapshot}, within its tenant scope: one term query over all partitions
 * (the snapshot adds the tenant filter), each span grouped with its tenant's trace, documents read
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

  /**
   * The traces of {@code keys}, in the order given; keys with no stored span are left out. Checks the cancellation
   * every {@value #CHECK_EVERY} spans.
   */
  static List<TenantTrace> load(
      ReadSnapshot snapshot, Collection<TraceKey> keys, Cancellation cancellation)
      throws IOException {
    if (keys.isEmpty()) {
      return List.of();
    }
    Set<TraceId> traceIds = new LinkedHashSet<>();
    for (TraceKey key : keys) {
      traceIds.add(key.traceId());
    }
    Map<TraceKey, List<Span>> spansByTrace = spans(snapshot, traceIds, cancellation);
    List<TenantTrace> traces = new ArrayList<>(keys.size());
    for (TraceKey key : keys) {
      List<Span> spans = spansByTrace.get(key);
      if (spans != null) {
        traces.add(trace(key, spans));
      }
    }
    return traces;
  }

  /** The trace of that ID of every tenant of the snapshot's scope that holds one, in tenant order. */
  static List<TenantTrace> loadEveryTenant(
      ReadSnapshot snapshot, TraceId traceId, Cancellation cancellation) throws IOException {
    Map<TraceKey, List<Span>> spansByTrace = spans(snapshot, List.of(traceId), cancellation);
    List<TenantTrace> traces = new ArrayList<>(spansByTrace.size());
    spansByTrace.forEach((key, spans) -> traces.add(trace(key, spans)));
    traces.sort(Comparator.comparing(TenantTrace::tenant));
    return traces;
  }

  private static TenantTrace trace(TraceKey key, List<Span> spans) {
    List<Span> distinct = new ArrayList<>(new LinkedHashSet<>(spans));
    distinct.sort(SPAN_ORDER);
    return new TenantTrace(key.tenant(), new Trace(key.traceId(), distinct));
  }

  /** Every span of the trace IDs within the snapshot's scope, by tenant and trace. */
  private static Map<TraceKey, List<Span>> spans(
      ReadSnapshot snapshot, Collection<TraceId> traceIds, Cancellation cancellation)
      throws IOException {
    List<BytesRef> terms = new ArrayList<>(traceIds.size());
    for (TraceId traceId : traceIds) {
      terms.add(IndexFields.traceIdTerm(traceId));
    }
    Map<TraceKey, List<Span>> spansByTrace = new HashMap<>();
    Weight weight = snapshot.weightOf(new TermInSetQuery(IndexFields.TRACE_ID, terms));
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
      ReadSnapshot.LeafTenants tenants = snapshot.tenantsOf(leaf);
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
        spansByTrace
            .computeIfAbsent(new TraceKey(tenants.of(doc), traceId), key -> new ArrayList<>())
            .add(span);
      }
    }
    return spansByTrace;
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
