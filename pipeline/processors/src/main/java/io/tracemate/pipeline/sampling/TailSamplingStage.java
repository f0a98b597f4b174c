package io.tracemate.pipeline.sampling;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.DurableStage;
import io.tracemate.component.SpanBatch;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Tail sampling as the {@link DurableStage} of the span queue: a {@link TailSampler} whose kept spans go to the
 * store. It runs after the write-ahead log, so the traces it holds while they wait for their decision are durable,
 * and the queue truncates the log only below {@link #oldestHeldSequence()}. Thread-safety as {@link DurableStage};
 * {@link #stats()} from any thread.
 */
public final class TailSamplingStage implements DurableStage<SpanBatch> {
  private final List<SpanBatch> kept = new ArrayList<>();
  private final TailSampler sampler;

  private TailSamplingStage(TailSamplingConfig config, LongSupplier nanoClock) {
    this.sampler =
        TailSampler.create(
            config, nanoClock, (tenant, spans) -> kept.add(SpanBatch.of(tenant, spans)));
  }

  /**
   * @param nanoClock {@code System::nanoTime} in production
   * @throws io.tracemate.pipeline.config.PipelineConfigException when the configuration is invalid
   */
  public static TailSamplingStage create(TailSamplingConfig config, LongSupplier nanoClock) {
    return new TailSamplingStage(config, nanoClock);
  }

  @Override
  public List<SpanBatch> offer(long sequence, SpanBatch batch) {
    sampler.offer(sequence, batch.tenant(), batch.spans());
    return drain();
  }

  @Override
  public List<SpanBatch> tick() {
    sampler.tick();
    return drain();
  }

  @Override
  public long oldestHeldSequence() {
    return sampler.oldestBufferedSequence();
  }

  public TailSamplingStats stats() {
    return sampler.stats();
  }

  /**
   * Registers the sampler's counters as {@code tracemate_sampling_*} metrics: spans received, kept, dropped
   * and late; traces decided by outcome and forced early; each policy's votes; traces and spans in memory.
   */
  public void registerMetrics(PrometheusRegistry registry) {
    CounterWithCallback.builder()
        .name("tracemate_sampling_spans_total")
        .help("Spans through tail sampling, by outcome: received, kept (to the store), dropped")
        .labelNames("outcome")
        .callback(
            cb -> {
              TailSamplingStats stats = sampler.stats();
              cb.call(stats.spansIn(), "received");
              cb.call(stats.spansOut(), "kept");
              cb.call(stats.spansDropped(), "dropped");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_late_spans_total")
        .help("Spans that arrived after their trace was decided and followed the cached decision")
        .callback(cb -> cb.call(sampler.stats().lateSpans()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_traces_total")
        .help("Traces decided, by decision")
        .labelNames("decision")
        .callback(
            cb -> {
              TailSamplingStats stats = sampler.stats();
              cb.call(stats.tracesSampled(), "sampled");
              cb.call(stats.tracesNotSampled(), "not_sampled");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_forced_decisions_total")
        .help("Traces decided before decision_wait because num_traces was exceeded")
        .callback(cb -> cb.call(sampler.stats().forcedDecisions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_sampling_policy_decisions_total")
        .help("Each top-level policy's votes")
        .labelNames("policy", "decision")
        .callback(
            cb ->
                sampler
                    .stats()
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
        .callback(cb -> cb.call(sampler.stats().tracesInMemory()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_sampling_spans_in_memory")
        .help("Spans of the traces waiting for their sampling decision")
        .callback(cb -> cb.call(sampler.stats().spansInMemory()))
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
