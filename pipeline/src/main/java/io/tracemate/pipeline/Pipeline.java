package io.tracemate.pipeline;

import io.tracemate.model.Span;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs an ordered list of named processors over each batch and counts, per processor, spans in, out and
 * dropped. Thread-safe: processors are thread-safe by contract and the counters are {@link LongAdder}s.
 */
public final class Pipeline {

  private final List<Stage> stages;

  private record Stage(String name, SpanProcessor processor, LongAdder in, LongAdder out, LongAdder dropped) {}

  /** @throws IllegalArgumentException when two processors share a name */
  public Pipeline(List<NamedProcessor> processors) {
    Set<String> names = new HashSet<>();
    List<Stage> built = new ArrayList<>();
    for (NamedProcessor p : processors) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("processor name '" + p.name() + "' is used twice");
      }
      built.add(new Stage(p.name(), p.processor(), new LongAdder(), new LongAdder(), new LongAdder()));
    }
    this.stages = List.copyOf(built);
  }

  public static Pipeline empty() {
    return new Pipeline(List.of());
  }

  public List<String> processorNames() {
    return stages.stream().map(Stage::name).toList();
  }

  /**
   * Runs the processors in order; an empty batch stops early (later processors see nothing).
   *
   * @throws IllegalStateException naming the processor when one fails; the batch is then not processed further
   */
  public List<Span> process(List<Span> batch) {
    List<Span> current = batch;
    for (Stage stage : stages) {
      if (current.isEmpty()) {
        break;
      }
      int before = current.size();
      List<Span> next;
      try {
        next = stage.processor().process(current);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "processor '" + stage.name() + "' failed on a batch of " + before + " spans: " + e.getMessage(), e);
      }
      if (next == null) {
        throw new IllegalStateException("processor '" + stage.name() + "' returned null instead of a batch");
      }
      stage.in().add(before);
      stage.out().add(next.size());
      if (next.size() < before) {
        stage.dropped().add(before - next.size());
      }
      current = next;
    }
    return current;
  }

  /** Starts processors in order; if one fails, the ones already started are shut down again. */
  public void start() {
    for (int i = 0; i < stages.size(); i++) {
      try {
        stages.get(i).processor().start();
      } catch (RuntimeException e) {
        shutdown(i - 1);
        throw new IllegalStateException("processor '" + stages.get(i).name() + "' failed to start", e);
      }
    }
  }

  /** Shuts processors down in reverse order; every one is asked even if an earlier one fails. */
  public void shutdown() {
    shutdown(stages.size() - 1);
  }

  private void shutdown(int last) {
    RuntimeException first = null;
    for (int i = last; i >= 0; i--) {
      try {
        stages.get(i).processor().shutdown();
      } catch (RuntimeException e) {
        if (first == null) {
          first = new IllegalStateException("processor '" + stages.get(i).name() + "' failed to shut down", e);
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
    return stages.stream()
        .map(s -> new ProcessorStats(s.name(), s.in().sum(), s.out().sum(), s.dropped().sum(),
            s.processor().counters()))
        .toList();
  }
}
