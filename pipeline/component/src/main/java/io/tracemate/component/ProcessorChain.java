package io.tracemate.component;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named processors run in order over each batch, counting per processor the items in, out and dropped.
 * Thread-safe: processors are thread-safe by contract and the counters are {@link LongAdder}s.
 */
public final class ProcessorChain<B extends Batch> implements Lifecycle {
  private final List<Step<B>> steps;

  private record Step<B extends Batch>(
      String name, Processor<B> processor, LongAdder in, LongAdder out, LongAdder dropped) {}

  /** @throws IllegalArgumentException when two processors share a name */
  public ProcessorChain(List<NamedProcessor<B>> processors) {
    Set<String> names = new HashSet<>();
    List<Step<B>> built = new ArrayList<>();
    for (NamedProcessor<B> named : processors) {
      if (!names.add(named.name())) {
        throw new IllegalArgumentException("processor name '" + named.name() + "' is used twice");
      }
      built.add(
          new Step<>(
              named.name(), named.processor(), new LongAdder(), new LongAdder(), new LongAdder()));
    }
    this.steps = List.copyOf(built);
  }

  public static <B extends Batch> ProcessorChain<B> empty() {
    return new ProcessorChain<>(List.of());
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  public List<String> names() {
    return steps.stream().map(Step::name).toList();
  }

  /**
   * Runs the processors in order; an empty batch stops early (later processors see nothing).
   *
   * @throws IllegalStateException naming the processor when one fails; the batch is then not processed further
   */
  public B process(B batch) {
    B current = batch;
    for (Step<B> step : steps) {
      int before = current.items();
      if (before == 0) {
        break;
      }
      B next;
      try {
        next = step.processor().process(current);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "processor '"
                + step.name()
                + "' failed on a batch of "
                + before
                + " items: "
                + e.getMessage(),
            e);
      }
      if (next == null) {
        throw new IllegalStateException(
            "processor '" + step.name() + "' returned null instead of a batch");
      }
      int after = next.items();
      step.in().add(before);
      step.out().add(after);
      if (after < before) {
        step.dropped().add(before - after);
      }
      current = next;
    }
    return current;
  }

  /** Starts processors in order; if one fails, the ones already started are shut down again. */
  @Override
  public void start() {
    for (int i = 0; i < steps.size(); i++) {
      try {
        steps.get(i).processor().start();
      } catch (RuntimeException e) {
        shutdown(i - 1);
        throw new IllegalStateException(
            "processor '" + steps.get(i).name() + "' failed to start", e);
      }
    }
  }

  /** Shuts processors down in reverse order; every one is asked even if an earlier one fails. */
  @Override
  public void shutdown() {
    shutdown(steps.size() - 1);
  }

  private void shutdown(int last) {
    RuntimeException first = null;
    for (int i = last; i >= 0; i--) {
      try {
        steps.get(i).processor().shutdown();
      } catch (RuntimeException e) {
        if (first == null) {
          first =
              new IllegalStateException(
                  "processor '" + steps.get(i).name() + "' failed to shut down", e);
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public List<ProcessorStats> stats() {
    return steps.stream()
        .map(
            s ->
                new ProcessorStats(
                    s.name(),
                    s.in().sum(),
                    s.out().sum(),
                    s.dropped().sum(),
                    s.processor().counters()))
        .toList();
  }

  /**
   * Exposes each processor's counts as {@code tracemate_processor_<items>_in_total},
   * {@code ..._out_total}, {@code ..._dropped_total} (label {@code processor}) and its own counters as
   * {@code tracemate_processor_events_total{processor,counter}}. Once per registry.
   *
   * @param items what the chain counts, in the metric names: {@code spans}
   */
  public void registerMetrics(PrometheusRegistry registry, String items) {
    registerMetrics(registry, items, "tracemate_processor_events_total");
  }

  /**
   * As {@link #registerMetrics(PrometheusRegistry, String)}, with the processors' own counters under {@code
   * eventsMetric}: a second chain (another signal's) in the same registry needs a name of its own.
   */
  public void registerMetrics(PrometheusRegistry registry, String items, String eventsMetric) {
    CounterWithCallback.builder()
        .name("tracemate_processor_" + items + "_in_total")
        .help("Items (" + items + ") a pipeline processor received")
        .labelNames("processor")
        .callback(cb -> stats().forEach(s -> cb.call(s.itemsIn(), s.processor())))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_processor_" + items + "_out_total")
        .help("Items (" + items + ") a pipeline processor passed on")
        .labelNames("processor")
        .callback(cb -> stats().forEach(s -> cb.call(s.itemsOut(), s.processor())))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_processor_" + items + "_dropped_total")
        .help("Items (" + items + ") a pipeline processor dropped")
        .labelNames("processor")
        .callback(cb -> stats().forEach(s -> cb.call(s.itemsDropped(), s.processor())))
        .register(registry);
    CounterWithCallback.builder()
        .name(eventsMetric)
        .help(
            "What each processor did, by its own counters (values redacted per pattern, attributes renamed...)")
        .labelNames("processor", "counter")
        .callback(
            cb -> {
              for (ProcessorStats stats : stats()) {
                stats
                    .counters()
                    .forEach((counter, value) -> cb.call(value, stats.processor(), counter));
              }
            })
        .register(registry);
  }
}
