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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFieldVisitor;

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
    Map<TraceKey, TraceState> traces =
        collect(snapshot, IndexedSpans.traceIdsOf(keys), cancellation);
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
   * Every span of the trace IDs within the snapshot's scope, by tenant and trace, from doc values only (no stored
   * record is read here). A trace ID of one tenant may be found for another tenant of the scope
   * too; that trace is summarized and left unused, as {@link TraceLoader} loads it.
   */
  private static Map<TraceKey, TraceState> collect(
      ReadSnapshot snapshot, Collection<TraceId> traceIds, Cancellation cancellation)
      throws IOException {
    Map<TraceKey, TraceState> traces = new HashMap<>();
    IndexedSpans.forEach(
        snapshot,
        traceIds,
        cancellation,
        doc -> {
          long meta = doc.meta();
          String service = doc.origin().resource().serviceName();
          long start = doc.startEpochNanos();
          long duration = doc.durationNanos();
          TraceState trace =
              traces.computeIfAbsent(new TraceKey(doc.tenant(), doc.traceId()), TraceState::new);
          if (trace.seen.add(
              new IndexedKey(doc.spanId(), doc.parentId(), start, duration, service, meta))) {
            trace.summary.add(
                new SpanId(doc.spanId()),
                new SpanId(doc.parentId()),
                service,
                start,
                start + duration,
                (meta & IndexFields.META_ERROR) != 0,
                new DocRef(doc.leafIndex(), doc.doc()));
          }
        });
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
