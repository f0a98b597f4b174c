package io.tracemate.logs;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.model.LogEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Loki's multi-tenant query semantics over any store's {@link LogReader}: the one place where a read of several
 * tenants ({@code X-Scope-OrgID: a|b}) is shaped as Loki shapes it, so the LogQL engine and every Loki endpoint
 * behave alike.
 *
 * <ul>
 *   <li>Every stream of a read covering several tenants carries the label {@value #TENANT_LABEL} with its tenant
 *       (replacing one a client may have pushed), so results say whose stream each is and
 *       {@code sum by (__tenant_id__)} works. A single-tenant read is passed through untouched: answers of
 *       today's single-tenant deployments do not change.</li>
 *   <li>Matchers on {@value #TENANT_LABEL} narrow the tenants before the store is asked and are then dropped
 *       ({@code {__tenant_id__="a", app="x"}} reads tenant {@code a} only); a selector no tenant satisfies
 *       selects nothing.</li>
 *   <li>{@code /labels} includes {@value #TENANT_LABEL}; its values are the tenants with matching streams.</li>
 * </ul>
 *
 * <p>The store answers the whole scope in one call, so per-query limits (entries, series, bytes read) and the
 * query's cancellation apply to the query as a whole, never per tenant. Thread-safe when the store's reader is.
 */
public final class CrossTenantReader implements CancellableLogReader {
  /** Loki's label for a stream's tenant in multi-tenant query results. */
  public static final String TENANT_LABEL = "__tenant_id__";

  private final LogReader store;

  private CrossTenantReader(LogReader store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** {@code reader} with Loki's multi-tenant semantics; a reader that already has them is returned as is. */
  public static LogReader over(LogReader reader) {
    return reader instanceof CrossTenantReader ? reader : new CrossTenantReader(reader);
  }

  @Override
  public List<StreamRef> streams(LogSelection selection, Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return store.streams(selection, cancellation);
    }
    LogSelection narrowed = narrow(selection);
    if (narrowed == null) {
      return List.of();
    }
    List<StreamRef> streams = store.streams(narrowed, cancellation);
    List<StreamRef> labelled = new ArrayList<>(streams.size());
    for (StreamRef stream : streams) {
      labelled.add(labelled(stream));
    }
    return labelled;
  }

  @Override
  public LogCursor entries(
      LogSelection selection,
      StreamRef stream,
      Direction direction,
      List<String> requiredSubstrings,
      ScanStats stats,
      Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return store.entries(selection, stream, direction, requiredSubstrings, stats, cancellation);
    }
    LogSelection narrowed = narrow(selection);
    if (narrowed == null) {
      cancellation.check();
      return EMPTY;
    }
    return store.entries(
        narrowed,
        stream.withLabels(stream.labels().without(TENANT_LABEL)),
        direction,
        requiredSubstrings,
        stats,
        cancellation);
  }

  @Override
  public List<String> labelNames(
      TenantScope tenants, long startNanos, long endNanos, Cancellation cancellation) {
    if (tenants.isSingle()) {
      return store.labelNames(tenants, startNanos, endNanos, cancellation);
    }
    TreeSet<String> names =
        new TreeSet<>(store.labelNames(tenants, startNanos, endNanos, cancellation));
    if (!names.isEmpty()) {
      names.add(TENANT_LABEL);
    }
    return List.copyOf(names);
  }

  @Override
  public List<String> labelValues(LogSelection selection, String name, Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return store.labelValues(selection, name, cancellation);
    }
    LogSelection narrowed = narrow(selection);
    if (narrowed == null) {
      return List.of();
    }
    if (!name.equals(TENANT_LABEL)) {
      return store.labelValues(narrowed, name, cancellation);
    }
    List<String> tenants = new ArrayList<>();
    for (TenantId tenant : narrowed.tenants().asSet()) {
      if (!store.streams(narrowed.withTenants(TenantScope.of(tenant)), cancellation).isEmpty()) {
        tenants.add(tenant.value());
      }
    }
    return tenants;
  }

  @Override
  public IndexStats indexStats(LogSelection selection, Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return store.indexStats(selection, cancellation);
    }
    LogSelection narrowed = narrow(selection);
    return narrowed == null ? new IndexStats(0, 0, 0, 0) : store.indexStats(narrowed, cancellation);
  }

  @Override
  public List<StreamStats> streamStats(LogSelection selection, Cancellation cancellation) {
    if (selection.tenants().isSingle()) {
      return store.streamStats(selection, cancellation);
    }
    LogSelection narrowed = narrow(selection);
    if (narrowed == null) {
      return List.of();
    }
    List<StreamStats> stats = store.streamStats(narrowed, cancellation);
    List<StreamStats> labelled = new ArrayList<>(stats.size());
    for (StreamStats stream : stats) {
      labelled.add(
          new StreamStats(
              labelled(stream.stream()), stream.chunks(), stream.entries(), stream.bytes()));
    }
    return labelled;
  }

  @Override
  public List<TraceEntry> byTrace(
      TenantScope tenants,
      String traceId,
      String spanId,
      long startNanos,
      long endNanos,
      int limit,
      ScanStats stats,
      Cancellation cancellation) {
    List<TraceEntry> found =
        store.byTrace(tenants, traceId, spanId, startNanos, endNanos, limit, stats, cancellation);
    if (tenants.isSingle()) {
      return found;
    }
    List<TraceEntry> labelled = new ArrayList<>(found.size());
    for (TraceEntry entry : found) {
      labelled.add(new TraceEntry(labelled(entry.stream()), entry.entry()));
    }
    return labelled;
  }

  /**
   * The selection with its tenants narrowed by its {@value #TENANT_LABEL} matchers and those matchers removed;
   * null when no tenant of the selection satisfies them.
   */
  static LogSelection narrow(LogSelection selection) {
    List<LabelMatcher> onTenant = new ArrayList<>();
    List<LabelMatcher> others = new ArrayList<>();
    for (LabelMatcher matcher : selection.matchers()) {
      (matcher.name().equals(TENANT_LABEL) ? onTenant : others).add(matcher);
    }
    if (onTenant.isEmpty()) {
      return selection;
    }
    List<TenantId> kept = new ArrayList<>();
    for (TenantId tenant : selection.tenants().asSet()) {
      if (onTenant.stream().allMatch(m -> m.matches(tenant.value()))) {
        kept.add(tenant);
      }
    }
    return kept.isEmpty()
        ? null
        : new LogSelection(
            TenantScope.of(kept), others, selection.startNanos(), selection.endNanos());
  }

  private static StreamRef labelled(StreamRef stream) {
    return stream.withLabels(stream.labels().with(TENANT_LABEL, stream.tenant().value()));
  }

  private static final LogCursor EMPTY =
      new LogCursor() {
        @Override
        public boolean hasNext() {
          return false;
        }

        @Override
        public LogEntry next() {
          throw new NoSuchElementException();
        }

        @Override
        public void close() {}
      };
}
