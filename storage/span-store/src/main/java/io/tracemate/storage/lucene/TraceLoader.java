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
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.StoredFieldVisitor;

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

  private TraceLoader() {}

  /**
   * The traces of {@code keys}, in the order given; keys with no stored span are left out. Checks the cancellation
   * as {@link IndexedSpans} walks the spans.
   */
  static List<TenantTrace> load(
      ReadSnapshot snapshot, Collection<TraceKey> keys, Cancellation cancellation)
      throws IOException {
    if (keys.isEmpty()) {
      return List.of();
    }
    Map<TraceKey, List<Span>> spansByTrace =
        spans(snapshot, IndexedSpans.traceIdsOf(keys), cancellation);
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
    Map<TraceKey, List<Span>> spansByTrace = new HashMap<>();
    RecordVisitor visitor = new RecordVisitor();
    IndexedSpans.forEach(
        snapshot,
        traceIds,
        cancellation,
        doc -> {
          visitor.record = null;
          doc.storedFields().document(doc.doc(), visitor);
          if (visitor.record == null) {
            throw doc.corrupt("record missing");
          }
          SpanRecord.IndexedSpan indexed =
              new SpanRecord.IndexedSpan(
                  doc.traceId(),
                  new SpanId(doc.spanId()),
                  new SpanId(doc.parentId()),
                  doc.startEpochNanos(),
                  doc.durationNanos(),
                  doc.origin());
          Span span = SpanRecord.read(visitor.record, 0, visitor.record.length, indexed);
          spansByTrace
              .computeIfAbsent(new TraceKey(doc.tenant(), doc.traceId()), key -> new ArrayList<>())
              .add(span);
        });
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
