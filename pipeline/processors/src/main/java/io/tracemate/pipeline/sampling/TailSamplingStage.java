package io.tracemate.pipeline.sampling;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.component.DurableStage;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.PerTenant;
import io.tracemate.component.tenant.TenantMetrics;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Tail sampling as the {@link DurableStage} of the span queue: one {@link TailSampler} per tenant whose kept spans go
 * to the store. It runs after the write-ahead log, so the traces it holds while they wait for their decision are
 * durable, and the queue truncates the log only below {@link #oldestHeldSequence()}, the oldest record any tenant's
 * sampler holds.
 *
 * <p><b>Per tenant.</b> Each tenant's sampler has its own buffers, {@code num_traces} bound, decision cache and
 * policies (a {@code rate_limiting} policy's budget is the tenant's), so one tenant's burst never forces another's
 * traces to an early decision nor spends its budget; the settings come from {@code configOf} when the sampler is made
 * and again at the tenant's next batch after {@link #settingsChanged()} (a tenant's {@code tail_sampling} block in the
 * runtime overrides file): new traces are then decided with them, traces already waiting with the settings they
 * started with ({@link TailSampler#reconfigure}). A tenant beyond the bound of tenants held gets no
 * sampler: its spans are stored unsampled (they were acknowledged; holding them would need the memory the bound
 * protects), counted in {@code tracemate_sampling_tenants_refused_batches_total}. A tenant's sampler is forgotten
 * only once idle and holding nothing.
 *
 * <p>Thread-safety as {@link DurableStage}; {@link #stats()} from any thread.
 */
public final class TailSamplingStage implements DurableStage<SpanBatch> {
  private final List<SpanBatch> kept = new ArrayList<>();
  private final Function<TenantId, TailSamplingConfig> configOf;
  private final PerTenant<TenantSampler> samplers;
  private final AtomicInteger settingsVersion = new AtomicInteger();

  /** A tenant's sampler and the version of the settings it last asked {@code configOf} about. */
  private static final class TenantSampler {
    final TailSampler sampler;
    int settingsVersion; // applier thread only

    TenantSampler(TailSampler sampler, int settingsVersion) {
      this.sampler = sampler;
      this.settingsVersion = settingsVersion;
    }
  }

  private TailSamplingStage(
      Function<TenantId, TailSamplingConfig> configOf,
      LongSupplier nanoClock,
      TenantStateLimits limits,
      LongSupplier millisClock) {
    this.configOf = configOf;
    this.samplers =
        new PerTenant<>(
            limits,
            tenant -> {
              int version = settingsVersion.get(); // before configOf: a change after it is seen
              return new TenantSampler(
                  TailSampler.create(
                      configOf.apply(tenant),
                      nanoClock,
                      (keptTenant, spans) -> kept.add(SpanBatch.of(keptTenant, spans))),
                  version);
            },
            millisClock);
  }

  /**
   * Every tenant with {@code config}, with the default bound of tenants.
   *
   * @param nanoClock {@code System::nanoTime} in production
   * @throws io.tracemate.pipeline.config.PipelineConfigException when the configuration is invalid
   */
  public static TailSamplingStage create(TailSamplingConfig config, LongSupplier nanoClock) {
    return create(
        config, tenant -> config, nanoClock, TenantStateLimits.DEFAULTS, System::currentTimeMillis);
  }

  /**
   * @param configOf each tenant's settings, asked when its sampler is made (on its first batch) and at its next batch
   *     after {@link #settingsChanged()}; must answer valid settings (the runtime overrides file is checked at load)
   * @param nanoClock {@code System::nanoTime} in production
   * @param millisClock wall-clock milliseconds, for forgetting idle tenants
   * @throws io.tracemate.pipeline.config.PipelineConfigException when {@code config} is invalid
   */
  public static TailSamplingStage create(
      TailSamplingConfig config,
      Function<TenantId, TailSamplingConfig> configOf,
      LongSupplier nanoClock,
      TenantStateLimits limits,
      LongSupplier millisClock) {
    TailSampler.validate(config);
    return new TailSamplingStage(configOf, nanoClock, limits, millisClock);
  }

  @Override
  public List<SpanBatch> offer(long sequence, SpanBatch batch) {
    TenantSampler held = samplers.get(batch.tenant());
    if (held == null) {
      return List.of(batch);
    }
    int version = settingsVersion.get();
    if (held.settingsVersion != version) { // the runtime overrides changed since its last batch
      held.settingsVersion = version;
      held.sampler.reconfigure(configOf.apply(batch.tenant()));
    }
    held.sampler.offer(sequence, batch.tenant(), batch.spans());
    return drain();
  }

  /**
   * The tenants' settings may have changed ({@code configOf} answers differently): each tenant's sampler asks
   * again at its next batch. Called when the runtime overrides change, from any thread.
   */
  public void settingsChanged() {
    settingsVersion.incrementAndGet();
  }

  @Override
  public List<SpanBatch> tick() {
    samplers.forEach((tenant, held) -> held.sampler.tick());
    samplers
        .forgetIdle(held -> held.sampler.oldestBufferedSequence() == Long.MAX_VALUE)
        .values()
        .forEach(held -> held.sampler.close());
    return drain();
  }

  @Override
  public long oldestHeldSequence() {
    long[] oldest = {Long.MAX_VALUE};
    samplers.forEach(
        (tenant, held) -> oldest[0] = Math.min(oldest[0], held.sampler.oldestBufferedSequence()));
    return oldest[0];
  }

  /** The sampler of {@code tenant}, or null when it has none. */
  TailSampler sampler(TenantId tenant) {
    TenantSampler held = samplers.peek(tenant);
    return held == null ? null : held.sampler;
  }

  /** Every tenant's counters added up. */
  public TailSamplingStats stats() {
    TailSamplingStats[] sum = {TailSamplingStats.NONE};
    samplers.forEach((tenant, held) -> sum[0] = sum[0].plus(held.sampler.stats()));
    return sum[0];
  }

  /**
   * Registers the tenants held ({@code tracemate_sampling_tenants}, {@code _tenants_refused_batches_total}, {@code
   * _tenants_forgotten_total}); the samplers' own counters are read per scope through {@link #metrics}.
   */
  public void registerMetrics(PrometheusRegistry registry) {
    samplers.registerMetrics(registry, "tracemate_sampling", "tail sampling buffers");
  }

  /**
   * The samplers' counters as {@code tracemate_sampling_*} series (see {@link TailSamplingMetrics}), for /metrics to
   * read per request scope.
   *
   * @param tenantLabel whether every series carries the label {@code tenant} and a scope sees its tenants' only
   *     (multitenancy on); off, every tenant's counters added up, as before tenants
   */
  public TenantMetrics metrics(boolean tenantLabel) {
    return new TailSamplingMetrics(this::statsByTenant, tenantLabel);
  }

  /** The counters of the scope's tenants that have a sampler (every tenant's for null), by tenant. */
  private SortedMap<TenantId, TailSamplingStats> statsByTenant(TenantScope scope) {
    SortedMap<TenantId, TailSamplingStats> out = new TreeMap<>();
    (scope == null ? samplers.all() : samplers.in(scope))
        .forEach((tenant, held) -> out.put(tenant, held.sampler.stats()));
    return out;
  }

  /** What the sampler kept since the last call, one batch per tenant and decision. */
  private List<SpanBatch> drain() {
    if (kept.isEmpty()) {
      return List.of();
    }
    List<SpanBatch> out = List.copyOf(kept);
    kept.clear();
    return out;
  }
}
