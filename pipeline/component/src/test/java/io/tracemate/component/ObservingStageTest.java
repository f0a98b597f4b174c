package io.tracemate.component;

import static io.tracemate.component.TestBatches.batch;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservingStageTest {

  /** Records what it observed and how often it was ticked. */
  private static final class Recording implements Connector<SpanBatch> {
    final List<SpanBatch> observed = new ArrayList<>();
    int ticks;

    @Override
    public void observe(SpanBatch batch) {
      observed.add(batch);
    }

    @Override
    public void tick() {
      ticks++;
    }
  }

  /** Holds everything until ticked, remembering the oldest sequence it holds. */
  private static final class Holding implements DurableStage<SpanBatch> {
    final List<SpanBatch> held = new ArrayList<>();
    long oldest = Long.MAX_VALUE;

    @Override
    public List<SpanBatch> offer(long sequence, SpanBatch batch) {
      held.add(batch);
      oldest = Math.min(oldest, sequence);
      return List.of();
    }

    @Override
    public List<SpanBatch> tick() {
      List<SpanBatch> all = List.copyOf(held);
      held.clear();
      oldest = Long.MAX_VALUE;
      return all;
    }

    @Override
    public long oldestHeldSequence() {
      return oldest;
    }
  }

  @Test
  void connectorsSeeEveryBatchBeforeTheInnerStageMayHoldIt() {
    Recording metrics = new Recording();
    Recording graph = new Recording();
    Holding sampler = new Holding();
    ObservingStage<SpanBatch> stage = new ObservingStage<>(List.of(metrics, graph), sampler);
    SpanBatch first = batch("a");
    SpanBatch second = batch("b", "c");

    assertThat(stage.offer(7, first)).isEmpty();
    assertThat(stage.offer(8, second)).isEmpty();

    assertThat(metrics.observed).containsExactly(first, second);
    assertThat(graph.observed).containsExactly(first, second);
    assertThat(stage.oldestHeldSequence()).isEqualTo(7);
    assertThat(stage.tick()).containsExactly(first, second);
    assertThat(metrics.ticks).isEqualTo(1);
    assertThat(graph.ticks).isEqualTo(1);
    assertThat(stage.oldestHeldSequence()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void withoutAnInnerStageEveryBatchIsStoredAsItIs() {
    Recording metrics = new Recording();
    ObservingStage<SpanBatch> stage = new ObservingStage<>(List.of(metrics), null);
    SpanBatch batch = batch("a");

    assertThat(stage.offer(1, batch)).containsExactly(batch);
    assertThat(stage.tick()).isEmpty();
    assertThat(metrics.ticks).isEqualTo(1);
    assertThat(stage.oldestHeldSequence()).isEqualTo(Long.MAX_VALUE);
  }
}
