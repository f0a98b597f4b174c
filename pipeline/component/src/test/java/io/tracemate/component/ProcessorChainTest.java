package io.tracemate.component;

import static io.tracemate.component.TestBatches.batch;
import static io.tracemate.component.TestBatches.dropNamed;
import static io.tracemate.component.TestBatches.names;
import static io.tracemate.component.TestBatches.rename;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ProcessorChainTest {

  @Test
  void runsProcessorsInTheirOrder() {
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>("first", rename("-a")),
                new NamedProcessor<>("second", rename("-b"))));

    assertThat(names(chain.process(batch("GET /cart")))).containsExactly("GET /cart-a-b");
    assertThat(chain.names()).containsExactly("first", "second");
  }

  @Test
  void countsItemsInOutAndDroppedPerProcessor() {
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>("drop-health", dropNamed("health")),
                new NamedProcessor<>("keep", b -> b)));

    chain.process(batch("GET /cart", "health", "health"));
    chain.process(batch("GET /cart"));

    assertThat(chain.stats())
        .containsExactly(
            new ProcessorStats("drop-health", 4, 2, 2, Map.of()),
            new ProcessorStats("keep", 2, 2, 0, Map.of()));
  }

  @Test
  void anEmptiedBatchStopsTheChain() {
    AtomicInteger calls = new AtomicInteger();
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>("drop-all", b -> b.withSpans(List.of())),
                new NamedProcessor<>(
                    "never",
                    b -> {
                      calls.incrementAndGet();
                      return b;
                    })));

    assertThat(chain.process(batch("GET /cart")).isEmpty()).isTrue();
    assertThat(calls).hasValue(0);
    assertThat(chain.stats().get(1).itemsIn()).isZero();
  }

  @Test
  void processorCountersAppearInTheStatsAndOnMetrics() throws Exception {
    Processor<SpanBatch> counting =
        new Processor<>() {
          @Override
          public SpanBatch process(SpanBatch batch) {
            return batch;
          }

          @Override
          public Map<String, Long> counters() {
            return Map.of("renamed", 7L);
          }
        };
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(List.of(new NamedProcessor<>("c", counting)));
    chain.process(batch("a", "b"));
    assertThat(chain.stats().getFirst().counters()).containsEntry("renamed", 7L);

    PrometheusRegistry registry = new PrometheusRegistry();
    chain.registerMetrics(registry, "spans");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "tracemate_processor_spans_in_total{processor=\"c\"} 2.0",
            "tracemate_processor_spans_out_total{processor=\"c\"} 2.0",
            "tracemate_processor_spans_dropped_total{processor=\"c\"} 0.0",
            "tracemate_processor_events_total{counter=\"renamed\",processor=\"c\"} 7.0");
  }

  @Test
  void aFailingProcessorIsNamedInTheError() {
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>(
                    "attributes/bad",
                    b -> {
                      throw new IllegalArgumentException("boom");
                    })));

    assertThatThrownBy(() -> chain.process(batch("GET /cart")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'attributes/bad'")
        .hasMessageContaining("boom");
  }

  @Test
  void aProcessorReturningNullIsNamedInTheError() {
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(List.of(new NamedProcessor<>("lost", b -> null)));

    assertThatThrownBy(() -> chain.process(batch("GET /cart")))
        .hasMessageContaining("'lost' returned null");
  }

  @Test
  void refusesDuplicateNames() {
    assertThatThrownBy(
            () ->
                new ProcessorChain<SpanBatch>(
                    List.of(new NamedProcessor<>("a", b -> b), new NamedProcessor<>("a", b -> b))))
        .hasMessageContaining("'a' is used twice");
  }

  @Test
  void startsInOrderAndShutsDownInReverse() {
    List<String> events = new ArrayList<>();
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>("a", lifecycle("a", events, false)),
                new NamedProcessor<>("b", lifecycle("b", events, false))));

    chain.start();
    chain.shutdown();

    assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
  }

  @Test
  void aFailedStartShutsDownWhatAlreadyStarted() {
    List<String> events = new ArrayList<>();
    ProcessorChain<SpanBatch> chain =
        new ProcessorChain<>(
            List.of(
                new NamedProcessor<>("a", lifecycle("a", events, false)),
                new NamedProcessor<>("b", lifecycle("b", events, true))));

    assertThatThrownBy(chain::start).hasMessageContaining("'b' failed to start");
    assertThat(events).containsExactly("start a", "start b", "stop a");
  }

  private static Processor<SpanBatch> lifecycle(
      String name, List<String> events, boolean failStart) {
    return new Processor<>() {
      @Override
      public SpanBatch process(SpanBatch batch) {
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
