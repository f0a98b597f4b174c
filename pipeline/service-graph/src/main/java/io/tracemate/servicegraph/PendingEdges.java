package io.tracemate.servicegraph;

import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The bounded waiting room of half edges, keyed by the initiating span's (trace ID, span ID): a CLIENT or
 * PRODUCER waits under its own ID, a SERVER under its parent's, a CONSUMER under its parent's and under every
 * span it links to.
 *
 * <ul>
 *   <li>A CLIENT leaves as soon as it meets its SERVER (one request, one edge).
 *   <li>A PRODUCER stays until its entry's TTL, because any number of consumer groups may still read the record
 *       (fan-out: one edge per consumer).
 *   <li>An entry expires {@code ttl} after it was created; what never met a partner is reported unpaired
 *       (the caller turns it into a virtual-node edge or drops it). A consumer waiting under several keys is
 *       reported unpaired once, when the last of its entries goes.
 *   <li>At most {@code maxItems} half edges are held; to admit one more the oldest entry is evicted early
 *       (reported like an expiry, flagged as evicted).
 * </ul>
 *
 * <p>Not thread-safe: {@link ServiceGraph} calls it under its lock.
 */
final class PendingEdges {

  /** What happens to half edges; called synchronously, under the caller's lock. */
  interface Outcomes {
    void paired(HalfEdge initiator, HalfEdge receiver);

    void unpaired(HalfEdge halfEdge, boolean evicted);
  }

  record SpanKey(TraceId traceId, SpanId spanId) {}

  private static final class Entry {
    final long deadlineMillis;
    HalfEdge initiator;
    final List<HalfEdge> waiting = new ArrayList<>(1);

    Entry(long deadlineMillis) {
      this.deadlineMillis = deadlineMillis;
    }
  }

  private final long ttlMillis;
  private final int maxItems;
  private final LinkedHashMap<SpanKey, Entry> entries = new LinkedHashMap<>();
  private int items;
  private long duplicates;

  PendingEdges(long ttlMillis, int maxItems) {
    this.ttlMillis = ttlMillis;
    this.maxItems = maxItems;
  }

  /** Half edges waiting now. */
  int size() {
    return items;
  }

  /** Initiators that arrived twice (re-delivered spans) and were ignored the second time. */
  long duplicates() {
    return duplicates;
  }

  void addInitiator(SpanKey key, HalfEdge initiator, long nowMillis, Outcomes outcomes) {
    makeRoom(outcomes);
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry(nowMillis + ttlMillis);
      entries.put(key, entry);
    } else if (entry.initiator != null) {
      duplicates++;
      return;
    }
    for (Iterator<HalfEdge> it = entry.waiting.iterator(); it.hasNext(); ) {
      HalfEdge receiver = it.next();
      if (initiator.canPairWith(receiver)) {
        it.remove();
        items--;
        receiver.waitingIn--;
        pair(initiator, receiver, outcomes);
      }
    }
    if (initiator.paired && initiator.kind == SpanKind.CLIENT) {
      entries.remove(key);
      resolve(entry, false, outcomes);
      return;
    }
    entry.initiator = initiator;
    initiator.waitingIn = 1;
    items++;
  }

  void addReceiver(List<SpanKey> keys, HalfEdge receiver, long nowMillis, Outcomes outcomes) {
    for (SpanKey key : keys) {
      makeRoom(outcomes);
      Entry entry = entries.get(key);
      if (entry != null && entry.initiator != null && entry.initiator.canPairWith(receiver)) {
        HalfEdge initiator = entry.initiator;
        pair(initiator, receiver, outcomes);
        if (initiator.kind == SpanKind.CLIENT) {
          entries.remove(key);
          resolve(entry, false, outcomes);
        }
        continue;
      }
      if (entry == null) {
        entry = new Entry(nowMillis + ttlMillis);
        entries.put(key, entry);
      }
      entry.waiting.add(receiver);
      receiver.waitingIn++;
      items++;
    }
  }

  /** Resolves every entry whose TTL has passed at {@code nowMillis}. */
  void expire(long nowMillis, Outcomes outcomes) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      // Entries are in creation order and share one TTL, so the first live one ends the scan.
      if (entry.deadlineMillis > nowMillis) {
        return;
      }
      it.remove();
      resolve(entry, false, outcomes);
    }
  }

  private void makeRoom(Outcomes outcomes) {
    while (items >= maxItems && !entries.isEmpty()) {
      Iterator<Entry> eldest = entries.values().iterator();
      Entry entry = eldest.next();
      eldest.remove();
      resolve(entry, true, outcomes);
    }
  }

  private static void pair(HalfEdge initiator, HalfEdge receiver, Outcomes outcomes) {
    initiator.paired = true;
    receiver.paired = true;
    outcomes.paired(initiator, receiver);
  }

  /** Releases an entry that left the store; reports what never met a partner. */
  private void resolve(Entry entry, boolean evicted, Outcomes outcomes) {
    if (entry.initiator != null) {
      items--;
      entry.initiator.waitingIn--;
      if (!entry.initiator.paired && !entry.initiator.reported) {
        entry.initiator.reported = true;
        outcomes.unpaired(entry.initiator, evicted);
      }
    }
    for (HalfEdge receiver : entry.waiting) {
      items--;
      receiver.waitingIn--;
      if (receiver.waitingIn == 0 && !receiver.paired && !receiver.reported) {
        receiver.reported = true;
        outcomes.unpaired(receiver, evicted);
      }
    }
  }
}
