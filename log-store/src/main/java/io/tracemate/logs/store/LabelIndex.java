package io.tracemate.logs.store;

import io.tracemate.logs.Label;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Inverted index of one partition's streams: tenant, then label name, then value, to streams. Equality
 * matchers with a non-empty value intersect posting lists; the other matchers filter the survivors. Rebuilt in
 * memory from the partition's stream records at open (streams number in the thousands, not millions, so this
 * costs milliseconds). Written by the writer thread, read concurrently.
 */
final class LabelIndex {
  private final Map<String, TenantPostings> tenants = new ConcurrentHashMap<>();

  private static final class TenantPostings {
    final List<PartitionStream> all = new CopyOnWriteArrayList<>();
    final Map<String, Map<String, List<PartitionStream>>> postings = new ConcurrentHashMap<>();
  }

  void add(PartitionStream stream) {
    TenantPostings tenant = tenants.computeIfAbsent(stream.key.tenant(), t -> new TenantPostings());
    for (Label label : stream.key.labels().labels()) {
      tenant.postings.computeIfAbsent(label.name(), n -> new ConcurrentHashMap<>())
          .computeIfAbsent(label.value(), v -> new CopyOnWriteArrayList<>())
          .add(stream);
    }
    tenant.all.add(stream);
  }

  /** Streams of the selection's tenant whose labels match every matcher (time is not checked here). */
  List<PartitionStream> select(LogSelection selection) {
    TenantPostings tenant = tenants.get(selection.tenant());
    if (tenant == null) {
      return List.of();
    }
    List<PartitionStream> candidates = tenant.all;
    for (LabelMatcher matcher : selection.matchers()) {
      if (matcher.type() == LabelMatcher.Type.EQ && !matcher.value().isEmpty()) {
        List<PartitionStream> posting = tenant.postings.getOrDefault(matcher.name(), Map.of())
            .getOrDefault(matcher.value(), List.of());
        if (posting.size() < candidates.size()) {
          candidates = posting;
        }
      }
    }
    List<PartitionStream> selected = new ArrayList<>();
    for (PartitionStream stream : candidates) {
      if (selection.matches(stream.key.labels())) {
        selected.add(stream);
      }
    }
    return selected;
  }

  List<PartitionStream> streamsOf(String tenant) {
    TenantPostings postings = tenants.get(tenant);
    return postings == null ? List.of() : postings.all;
  }
}
