package io.tracemate.component.tenant;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * One component's state per tenant (span metrics, the service graph, tail sampling): made on a tenant's first
 * batch by the component's factory, which is given the tenant (the seam for per-tenant settings from the runtime
 * overrides file), and forgotten after {@link TenantStateLimits#idleTimeout()} without data. At most {@link
 * TenantStateLimits#maxTenants()} tenants are held: the batches of a further tenant get no state ({@link #get}
 * answers null, counted in {@link #refusedBatches()}) instead of pushing out a tenant already held, so one tenant
 * (or a flood of made-up tenant IDs) can neither evict nor dilute another's state.
 *
 * <p>Cost on the ingest path: {@link #get} is one hash lookup and one volatile write per batch, never per span.
 *
 * <p>Thread-safe. {@link #get} (which creates) and {@link #forgetIdle} are meant for the one writer of the state
 * (the durable queue's applier); {@link #peek}, {@link #in} and {@link #all} for readers, which never create state:
 * a tenant without data reads as absent.
 */
public final class PerTenant<T> {
  private static final long SWEEP_INTERVAL_MILLIS = 60_000;

  private final TenantStateLimits limits;
  private final Function<TenantId, T> factory;
  private final LongSupplier millisClock;
  private final ConcurrentHashMap<TenantId, Held<T>> held = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final LongAdder forgotten = new LongAdder();
  private volatile long nextSweepMillis;

  private static final class Held<T> {
    final T state;
    volatile long lastUsedMillis;

    Held(T state, long now) {
      this.state = state;
      this.lastUsedMillis = now;
    }
  }

  /**
   * @param factory makes a tenant's state on its first batch; must not return null
   * @param millisClock wall-clock milliseconds ({@code clock::millis}), for idleness
   */
  public PerTenant(
      TenantStateLimits limits, Function<TenantId, T> factory, LongSupplier millisClock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.millisClock = Objects.requireNonNull(millisClock, "millisClock");
    this.nextSweepMillis = millisClock.getAsLong() + SWEEP_INTERVAL_MILLIS;
  }

  public TenantStateLimits limits() {
    return limits;
  }

  /**
   * The tenant's state for a batch of its data, made on first use; null when {@link TenantStateLimits#maxTenants()}
   * other tenants are held (the batch is counted in {@link #refusedBatches()}).
   */
  public T get(TenantId tenant) {
    long now = millisClock.getAsLong();
    Held<T> existing = held.get(tenant);
    if (existing != null) {
      existing.lastUsedMillis = now;
      return existing.state;
    }
    if (count.incrementAndGet() > limits.maxTenants()) {
      count.decrementAndGet();
      refused.increment();
      return null;
    }
    boolean[] created = {false};
    Held<T> made =
        held.computeIfAbsent(
            tenant,
            t -> {
              created[0] = true;
              return new Held<>(Objects.requireNonNull(factory.apply(t), "state"), now);
            });
    if (!created[0]) {
      count.decrementAndGet();
    }
    made.lastUsedMillis = now;
    return made.state;
  }

  /** The tenant's state if it has any; never makes one. */
  public T peek(TenantId tenant) {
    Held<T> existing = held.get(tenant);
    return existing == null ? null : existing.state;
  }

  /** The states of the tenants of {@code scope} that have any, by tenant (sorted); never makes one. */
  public SortedMap<TenantId, T> in(TenantScope scope) {
    SortedMap<TenantId, T> out = new TreeMap<>();
    for (TenantId tenant : scope.tenants()) {
      T state = peek(tenant);
      if (state != null) {
        out.put(tenant, state);
      }
    }
    return Collections.unmodifiableSortedMap(out);
  }

  /** Every tenant's state, by tenant (sorted). */
  public SortedMap<TenantId, T> all() {
    SortedMap<TenantId, T> out = new TreeMap<>();
    held.forEach((tenant, h) -> out.put(tenant, h.state));
    return Collections.unmodifiableSortedMap(out);
  }

  /** Calls {@code action} for every tenant's state, in no particular order, without copying. */
  public void forEach(BiConsumer<TenantId, T> action) {
    held.forEach((tenant, h) -> action.accept(tenant, h.state));
  }

  /** Tenants held now. */
  public int size() {
    return count.get();
  }

  /** Batches that got no state because the bound of tenants was reached. */
  public long refusedBatches() {
    return refused.sum();
  }

  /** Tenants forgotten after the idle timeout. */
  public long forgottenTenants() {
    return forgotten.sum();
  }

  /**
   * Forgets the tenants without data for the idle timeout whose state {@code mayForget} (a sampler still holding
   * traces may not be forgotten); looks at most once a minute, so it may be called on every tick.
   *
   * @return the states forgotten (for the caller to release), by tenant
   */
  public Map<TenantId, T> forgetIdle(Predicate<T> mayForget) {
    long now = millisClock.getAsLong();
    if (now < nextSweepMillis) {
      return Map.of();
    }
    nextSweepMillis = now + SWEEP_INTERVAL_MILLIS;
    long cutoff = now - limits.idleTimeout().toMillis();
    Map<TenantId, T> out = new TreeMap<>();
    held.forEach(
        (tenant, h) -> {
          if (h.lastUsedMillis < cutoff && mayForget.test(h.state) && held.remove(tenant, h)) {
            count.decrementAndGet();
            forgotten.increment();
            out.put(tenant, h.state);
          }
        });
    return out;
  }

  /**
   * Registers {@code <prefix>_tenants} (tenants held), {@code <prefix>_tenants_refused_batches_total} (batches of
   * tenants beyond the bound, which this component did not see) and {@code <prefix>_tenants_forgotten_total}.
   */
  public void registerMetrics(PrometheusRegistry registry, String prefix, String what) {
    GaugeWithCallback.builder()
        .name(prefix + "_tenants")
        .help("Tenants whose " + what + " is held")
        .callback(cb -> cb.call(size()))
        .register(registry);
    CounterWithCallback.builder()
        .name(prefix + "_tenants_refused_batches_total")
        .help(
            "Span batches of a tenant beyond the bound of tenants held (multitenancy.max-tenants),"
                + " left out of the "
                + what)
        .callback(cb -> cb.call(refusedBatches()))
        .register(registry);
    CounterWithCallback.builder()
        .name(prefix + "_tenants_forgotten_total")
        .help("Tenants whose " + what + " was forgotten after multitenancy.idle-tenant-timeout")
        .callback(cb -> cb.call(forgottenTenants()))
        .register(registry);
  }
}
