package io.tracemate.logs.store;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.model.Label;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inverted index of one partition's streams: tenant, then label name, then value, to streams. Equality
 * matchers with a non-empty value pick the shortest posting list; the other matchers (and the "absent label is
 * the empty value" rule) filter its streams. Rebuilt in memory from the partition's stream records at open.
 *
 * <p>Adding a stream costs one hash lookup and one amortised O(1) append per label ({@link AppendOnlyList}),
 * whatever the number of streams already indexed: a tenant pushing hundreds of thousands of distinct streams
 * must not make each new one slower. Memory: one slot (4 bytes with compressed references, up to twice that
 * while a list has room to grow) per label and per stream, plus one map entry and posting list per distinct
 * label value.
 *
 * <p>Thread-safety: written by one thread at a time (the store's writer, or the thread opening the store), read
 * concurrently without locks; a reader sees each stream either fully indexed under all its labels or, for a
 * stream being added, possibly only under some of them (a query racing with the write of a new stream may miss
 * it, as it may miss the entries being written).
 */
final class LabelIndex {
  /**
   * Streams walked between two checks of a query's cancellation: a label value is at most a few KiB (Loki's
   * {@code max_label_value_length}), so 16 regex matches take milliseconds at worst, and a check costs nanoseconds.
   */
  static final int CHECK_EVERY = 16;

  private final Map<String, TenantPostings> tenants = new ConcurrentHashMap<>();

  /** Tenants retention has expired here but whose streams are not rewritten away yet: no read selects them. */
  private volatile Set<String> hidden = Set.of();

  /** Writer only: array slots copied by posting growth since the index was created. */
  private long copiedSlots;

  private static final class TenantPostings {
    final AppendOnlyList<PartitionStream> all = new AppendOnlyList<>();
    final Map<String, Map<String, AppendOnlyList<PartitionStream>>> postings =
        new ConcurrentHashMap<>();
  }

  /** The tenants with streams here, hidden ones included. */
  Set<String> tenants() {
    return Set.copyOf(tenants.keySet());
  }

  /** Replaces the set of tenants no read may select here (retention's, until the partition is rewritten). */
  void hide(Set<String> tenantIds) {
    hidden = Set.copyOf(tenantIds);
  }

  boolean isHidden(String tenant) {
    return hidden.contains(tenant);
  }

  void add(PartitionStream stream) {
    TenantPostings tenant = tenants.computeIfAbsent(stream.key.tenant(), t -> new TenantPostings());
    for (Label label : stream.key.labels().labels()) {
      copiedSlots +=
          tenant
              .postings
              .computeIfAbsent(label.name(), n -> new ConcurrentHashMap<>())
              .computeIfAbsent(label.value(), v -> new AppendOnlyList<>())
              .add(stream);
    }
    // Last: a stream is in the tenant's list only once its postings are complete.
    copiedSlots += tenant.all.add(stream);
  }

  /**
   * Streams of the selection's tenants whose labels match every matcher (time is not checked here), checking
   * {@code cancellation} every {@link #CHECK_EVERY} streams: a selector's regexes run against every candidate
   * stream's label values, which for hundreds of thousands of streams outlasts any query time-out.
   *
   * @throws io.tracemate.common.CancelledException once the query stops
   */
  List<PartitionStream> select(LogSelection selection, Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return select(selection.tenants().single().value(), selection, cancellation);
    }
    List<PartitionStream> selected = new ArrayList<>();
    for (TenantId tenant : selection.tenants().asSet()) {
      selected.addAll(select(tenant.value(), selection, cancellation));
    }
    return selected;
  }

  /** Streams of one tenant whose labels match every matcher of the selection. */
  private List<PartitionStream> select(
      String tenantId, LogSelection selection, Cancellation cancellation) {
    TenantPostings tenant = hidden.contains(tenantId) ? null : tenants.get(tenantId);
    if (tenant == null) {
      return List.of();
    }
    List<PartitionStream> candidates = tenant.all.snapshot();
    for (LabelMatcher matcher : selection.matchers()) {
      if (matcher.type() == LabelMatcher.Type.EQ && !matcher.value().isEmpty()) {
        Map<String, AppendOnlyList<PartitionStream>> values = tenant.postings.get(matcher.name());
        AppendOnlyList<PartitionStream> posting =
            values == null ? null : values.get(matcher.value());
        if (posting == null) {
          return List.of();
        }
        if (posting.size() < candidates.size()) {
          candidates = posting.snapshot();
        }
      }
    }
    List<PartitionStream> selected = new ArrayList<>();
    int walked = 0;
    for (PartitionStream stream : candidates) {
      if (++walked % CHECK_EVERY == 0) {
        cancellation.check();
      }
      if (selection.matches(stream.key.labels())) {
        selected.add(stream);
      }
    }
    return selected;
  }

  /** Every stream of the tenant, in the order they were added. */
  List<PartitionStream> streamsOf(String tenant) {
    TenantPostings postings = hidden.contains(tenant) ? null : tenants.get(tenant);
    return postings == null ? List.of() : postings.all.snapshot();
  }

  /**
   * What the index holds, for tests and benchmarks (walks every posting list).
   *
   * @param postingLists distinct (tenant, name, value) posting lists, plus one "all streams" list per tenant
   * @param postings stream references in them
   * @param slots array slots allocated for them
   * @param copiedSlots slots copied by growth since the index was created: linear in the postings added
   */
  record Footprint(long postingLists, long postings, long slots, long copiedSlots) {}

  Footprint footprint() {
    long lists = 0;
    long postings = 0;
    long slots = 0;
    for (TenantPostings tenant : tenants.values()) {
      lists++;
      postings += tenant.all.size();
      slots += tenant.all.capacity();
      for (Map<String, AppendOnlyList<PartitionStream>> values : tenant.postings.values()) {
        for (AppendOnlyList<PartitionStream> posting : values.values()) {
          lists++;
          postings += posting.size();
          slots += posting.capacity();
        }
      }
    }
    return new Footprint(lists, postings, slots, copiedSlots);
  }
}
