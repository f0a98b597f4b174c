package io.tracemate.pipeline.sampling;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.DurableStage;
import io.tracemate.component.SpanBatch;
import io.tracemate.component.tenant.PerTenant;
import io.tracemate.component.tenant.TenantStateLimits;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.ArrayList;
import java.util.List;
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
 * (the seam for a per-tenant policy in the runtime overrides file). A tenant beyond the bound of tenants held gets no
 * sampler: its spans are stored unsampled (they were acknowledged; holding them would need the memory the bound
 * protects), counted in {@code tracemate_sampling_tenants_refused_batches_total}. A tenant's sampler is forgotten
 * only once idle and holding nothing.
 *
 * <p>Thread-safety as {@link DurableStage}; {@link #stats()} from any thread.
 */
public final class TailSamplingStage implements DurableStage<SpanBatch> {
  private final List<SpanBatch> kept = new ArrayList<>();
  private final PerTenant<TailSampler> samplers;

  private TailSamplingStage(
      Function<TenantId, TailSamplingConfig> configOf,
      LongSupplier nanoClock,
      TenantStateLimits limits,
      LongSupplier millisClock) {
    this.samplers =
        new PerTenant<>(
            limits,
            tenant ->
                TailSampler.create(
                    configOf.apply(tenant),
                    nanoClock,
                    (keptTenant, spans) -> kept.add(SpanBatch.of(keptTenant, spans))),
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
   * @param configOf each tenant's settings, asked when its sampler is made (on its first batch)
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
    TailSampler sampler = samplers.get(batch.tenant());
    if (sampler == null) {
      return List.of(batch);
    }
    sampler.offer(sequence, batch.tenant(), batch.spans());
    return drain();
  }

  @Override
  public List<SpanBatch> tick() {
    samplers.forEach((tenant, sampler) -> sampler.tick());
    samplers
        .forgetIdle(sampler -> sampler.oldestBufferedSequence() == Long.MAX_VALUE)
        .values()
        .forEach(TailSampler::close);
    return drain();
  }

  @Override
  public long oldestHeldSequence() {
    long[] oldest = {Long.MAX_VALUE};
    samplers.forEach(
        (tenant, sampler) -> oldest[0] = Math.min(oldest[0], sampler.oldestBufferedSequence()));
    return oldest[0];
  }

  /** The sampler of {@code tenant}, or null when it has none. */
  TailSampler sampler(TenantId tenant) {
    return samplers.peek(tenant);
  }

  /** Every tenant's counters added up. */
  public TailSamplingStats stats() {
    TailSamplingStats[] sum = {TailSamplingStats.NONE};
    samplers.forEach((tenant, sampler) -> sum[0] = sum[0].plus(sampler.stats()));
    return sum[0];
  }

  /**
   * Registers the samplers' counters, every tenant's added up, as {@code tracemate_sampling_*} metrics: spans
   * received, kept, dropped and late; traces decided by outcome and forced early; each policy's votes; traces and
   * spans in memory; and the tenants held.
   */
  public void registerMetrics(PrometheusRegistry registry) {
    samplers.registerMetrics(registry, "tracemate_sampling", "tail sampling buffers");
    CounterWithCallback.builder()
        .name("tracemate_sampling_spans_total")
        .help("Spans through tail sampling, by outcome: received, kept (to the store), dropped")
        .labelNames("outcome")
        .callback(
            cb -> {
              TailSamplingStats stats = stats();
              cb.call(stats.spansIn(), "received");
              cb.call(stats.spansOut(), "kept");
              cb.call(stats.spansDropped(), "dropped");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_late_spans_total")
        .help("Spans that arrived after their trace was decided and followed the cached decision")
        .callback(cb -> cb.call(stats().lateSpans()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_traces_total")
        .help("Traces decided, by decision")
        .labelNames("decision")
        .callback(
            cb -> {
              TailSamplingStats stats = stats();
              cb.call(stats.tracesSampled(), "sampled");
              cb.call(stats.tracesNotSampled(), "not_sampled");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_forced_decisions_total")
        .help("Traces decided before decision_wait because num_traces was exceeded")
        .callback(cb -> cb.call(stats().forcedDecisions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_policy_decisions_total")
        .help("Each top-level policy's votes")
        .labelNames("policy", "decision")
        .callback(
            cb ->
                stats()
                    .decisionsByPolicy()
                    .forEach(
                        (policy, votes) -> {
                          cb.call(votes.sampled(), policy, "sampled");
                          cb.call(votes.notSampled(), policy, "not_sampled");
                        }))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_sampling_traces_in_memory")
        .help("Traces waiting for their sampling decision")
        .callback(cb -> cb.call(stats().tracesInMemory()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_sampling_spans_in_memory")
        .help("Spans of the traces waiting for their sampling decision")
        .callback(cb -> cb.call(stats().spansInMemory()))
        .register(registry);
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
