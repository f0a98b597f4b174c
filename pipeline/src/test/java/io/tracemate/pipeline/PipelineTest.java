package io.tracemate.pipeline;

import static io.tracemate.pipeline.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipelineTest {

  private static SpanProcessor rename(String suffix) {
    return batch -> batch.stream().map(s -> s.toBuilder().name(s.name() + suffix).build()).toList();
  }

  private static SpanProcessor dropNamed(String name) {
    return batch -> batch.stream().filter(s -> !s.name().equals(name)).toList();
  }

  @Test
  void runsProcessorsInTheirOrder() {
    Pipeline pipeline = new Pipeline(List.of(
        new NamedProcessor("first", rename("-a")), new NamedProcessor("second", rename("-b"))));

    List<Span> out = pipeline.process(List.of(span()));

    assertThat(out).extracting(Span::name).containsExactly("GET /cart-a-b");
    assertThat(pipeline.processorNames()).containsExactly("first", "second");
  }

  @Test
  void countsSpansInOutAndDroppedPerProcessor() {
    Pipeline pipeline = new Pipeline(List.of(
        new NamedProcessor("drop-health", dropNamed("health")),
        new NamedProcessor("keep", batch -> batch)));
    Span health = span("svc", "health", io.tracemate.model.SpanKind.SERVER);

    pipeline.process(List.of(span(), health, health));
    pipeline.process(List.of(span()));

    assertThat(pipeline.stats()).containsExactly(
        new ProcessorStats("drop-health", 4, 2, 2, Map.of()),
        new ProcessorStats("keep", 2, 2, 0, Map.of()));
  }

  @Test
  void anEmptiedBatchStopsThePipeline() {
    AtomicInteger calls = new AtomicInteger();
    Pipeline pipeline = new Pipeline(List.of(
        new NamedProcessor("drop-all", batch -> List.of()),
        new NamedProcessor("never", batch -> {
          calls.incrementAndGet();
          return batch;
        })));

    assertThat(pipeline.process(List.of(span()))).isEmpty();
    assertThat(calls).hasValue(0);
    assertThat(pipeline.stats().get(1).spansIn()).isZero();
  }

  @Test
  void processorCountersAppearInTheStats() {
    SpanProcessor counting = new SpanProcessor() {
      @Override
      public List<Span> process(List<Span> batch) {
        return batch;
      }

      @Override
      public Map<String, Long> counters() {
        return Map.of("renamed", 7L);
      }
    };
    Pipeline pipeline = new Pipeline(List.of(new NamedProcessor("c", counting)));

    assertThat(pipeline.stats().getFirst().counters()).containsEntry("renamed", 7L);
  }

  @Test
  void aFailingProcessorIsNamedInTheError() {
    Pipeline pipeline = new Pipeline(List.of(new NamedProcessor("attributes/bad", batch -> {
      throw new IllegalArgumentException("boom");
    })));

    assertThatThrownBy(() -> pipeline.process(List.of(span())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'attributes/bad'").hasMessageContaining("boom");
  }

  @Test
  void refusesDuplicateNames() {
    assertThatThrownBy(() -> new Pipeline(List.of(
        new NamedProcessor("a", batch -> batch), new NamedProcessor("a", batch -> batch))))
        .hasMessageContaining("'a' is used twice");
  }

  @Test
  void startsInOrderAndShutsDownInReverse() {
    List<String> events = new ArrayList<>();
    Pipeline pipeline = new Pipeline(List.of(
        new NamedProcessor("a", lifecycle("a", events, false)),
        new NamedProcessor("b", lifecycle("b", events, false))));

    pipeline.start();
    pipeline.shutdown();

    assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
  }

  @Test
  void aFailedStartShutsDownWhatAlreadyStarted() {
    List<String> events = new ArrayList<>();
    Pipeline pipeline = new Pipeline(List.of(
        new NamedProcessor("a", lifecycle("a", events, false)),
        new NamedProcessor("b", lifecycle("b", events, true))));

    assertThatThrownBy(pipeline::start).hasMessageContaining("'b' failed to start");
    assertThat(events).containsExactly("start a", "start b", "stop a");
  }

  private static SpanProcessor lifecycle(String name, List<String> events, boolean failStart) {
    return new SpanProcessor() {
      @Override
      public List<Span> process(List<Span> batch) {
        return batch;
      }

      @Override
      public void start() {
        events.add("start " + name);
        if (failStart) {
          throw new IllegalStateException("cannot start");
        }
      }

      @Override
      public void shutdown() {
        events.add("stop " + name);
      }
    };
  }
}
