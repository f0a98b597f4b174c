package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dependency links computed on demand from doc values of the spans that started in the window, never
 * from stored spans. Reads at most {@code maxSpans} spans per call, newest partitions first; when a window
 * holds more, the result covers only the spans read and a warning says so. Thread-safe.
 */
final class LuceneDependencyReader implements DependencyReader {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneDependencyReader.class);

  private final LuceneStorage storage;
  private final int maxSpans;

  LuceneDependencyReader(LuceneStorage storage, int maxSpans) {
    this.storage = storage;
    this.maxSpans = maxSpans;
  }

  /**
   * Joins each tenant of the scope apart (a trace is one tenant's: a span never finds its parent in another
   * tenant's spans) and adds the links of all of them up. The span cap applies per tenant.
   */
  @Override
  public List<DependencyLink> dependencies(TenantScope scope, Instant start, Instant end) {
    long from = epochNanos(start);
    long to = epochNanos(end);
    if (to <= from) {
      return List.of();
    }
    if (scope.isSingle()) {
      return dependencies(scope, start, end, from, to);
    }
    Map<String, Map<String, long[]>> counts = new TreeMap<>();
    for (TenantId tenant : scope.asSet()) {
      for (DependencyLink link : dependencies(TenantScope.of(tenant), start, end, from, to)) {
        long[] count =
            counts
                .computeIfAbsent(link.parent(), p -> new TreeMap<>())
                .computeIfAbsent(link.child(), c -> new long[2]);
        count[0] += link.callCount();
        count[1] += link.errorCount();
      }
    }
    List<DependencyLink> links = new ArrayList<>();
    counts.forEach(
        (parent, children) ->
            children.forEach(
                (child, count) ->
                    links.add(new DependencyLink(parent, child, count[0], count[1]))));
    return links;
  }

  private List<DependencyLink> dependencies(
      TenantScope tenant, Instant start, Instant end, long from, long to) {
    DependencyLinker linker = new DependencyLinker();
    try (ReadSnapshot snapshot = ReadSnapshot.open(storage, tenant)) {
      Weight weight = snapshot.weightOf(TraceQueries.spansStartedBetween(from, to - 1));
      for (LeafReaderContext leaf : snapshot.leaves()) {
        if (!collect(weight, leaf, snapshot.partitionOf(leaf).origins(), linker)) {
          LOG.warn(
              "Dependencies of tenant {} for [{}, {}) cover only the newest {} spans; raise "
                  + "maxDependencySpans or narrow the window for complete counts",
              tenant,
              start,
              end,
              maxSpans);
          break;
        }
      }
    } catch (IOException e) {
      throw new StorageException("computing dependencies failed: " + e.getMessage(), true, e);
    }
    return linker.link();
  }

  /** Adds the leaf's spans in the window; false when the span cap was reached. */
  private boolean collect(
      Weight weight, LeafReaderContext leaf, OriginDictionary origins, DependencyLinker linker)
      throws IOException {
    Scorer scorer = weight.scorer(leaf);
    if (scorer == null) {
      return true;
    }
    LeafReader reader = leaf.reader();
    SortedDocValues traceIds = DocValues.getSorted(reader, IndexFields.TRACE_ID);
    NumericDocValues spanIds = DocValues.getNumeric(reader, IndexFields.SPAN_ID);
    NumericDocValues parentIds = DocValues.getNumeric(reader, IndexFields.PARENT_ID);
    NumericDocValues originsAndMetas = DocValues.getNumeric(reader, IndexFields.ORIGIN_AND_META);
    // Trace ordinals are per segment: resolve each trace once, on first use; services once per
    // origin.
    long[] traceHighs = new long[traceIds.getValueCount()];
    long[] traceLows = new long[traceIds.getValueCount()];
    boolean[] traceResolved = new boolean[traceIds.getValueCount()];
    Map<Integer, Integer> serviceOfOrigin = new HashMap<>();
    DocIdSetIterator docs = scorer.iterator();
    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
      if (linker.size() >= maxSpans) {
        return false;
      }
      if (!traceIds.advanceExact(doc)
          || !spanIds.advanceExact(doc)
          || !originsAndMetas.advanceExact(doc)) {
        throw new IOException(
            "corrupt span document " + doc + " in " + reader + ": doc values missing");
      }
      int traceOrd = traceIds.ordValue();
      if (!traceResolved[traceOrd]) {
        TraceId traceId = IndexFields.traceIdOf(traceIds.lookupOrd(traceOrd));
        traceHighs[traceOrd] = traceId.high();
        traceLows[traceOrd] = traceId.low();
        traceResolved[traceOrd] = true;
      }
      long originAndMeta = originsAndMetas.longValue();
      int originId = (int) (originAndMeta >>> IndexFields.META_BITS);
      Integer service = serviceOfOrigin.get(originId);
      if (service == null) {
        service = linker.serviceId(origins.origin(originId).resource().serviceName());
        serviceOfOrigin.put(originId, service);
      }
      long parentId =
          parentIds.advanceExact(doc) ? parentIds.longValue() : DependencyLinker.NO_PARENT;
      linker.add(
          traceHighs[traceOrd],
          traceLows[traceOrd],
          spanIds.longValue(),
          parentId,
          service,
          (int) (originAndMeta & ((1 << IndexFields.META_BITS) - 1)));
    }
    return true;
  }

  private static long epochNanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
