package io.tracemate.servicegraph;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.servicegraph.Graphs.Arc;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphsTest {

  @Test
  void theNeighbourhoodWalksCallersAndCalleesSeparately() {
    // u → a → f → d1 → d2, and a side caller s → d1 that is neither up nor down from f.
    List<Arc> arcs =
        List.of(
            new Arc("u", "a"),
            new Arc("a", "f"),
            new Arc("f", "d1"),
            new Arc("d1", "d2"),
            new Arc("s", "d1"));
    Graphs.Neighbourhood one = Graphs.around(arcs, "f", 1, 1);
    assertThat(one.nodes()).containsExactlyInAnyOrder("a", "f", "d1");
    assertThat(one.arcs()).containsExactlyInAnyOrder(new Arc("a", "f"), new Arc("f", "d1"));

    Graphs.Neighbourhood two = Graphs.around(arcs, "f", 2, 2);
    assertThat(two.nodes()).containsExactlyInAnyOrder("u", "a", "f", "d1", "d2");
    assertThat(two.arcs()).doesNotContain(new Arc("s", "d1"));
  }

  @Test
  void pathSearchStopsAtItsBudgetOnADenseGraph() {
    // A complete graph on 14 nodes has ~1.7e10 simple paths between two nodes: the budget must stop
    // it.
    List<Arc> arcs = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      for (int j = 0; j < 14; j++) {
        if (i != j) {
          arcs.add(new Arc("n" + i, "n" + j));
        }
      }
    }
    long started = System.nanoTime();
    List<List<String>> paths = Graphs.simplePaths(arcs, "n0", "n1", 1_000_000, 13);
    assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    assertThat(paths.getFirst()).containsExactly("n0", "n1");
    assertThat(paths.size()).isBetween(13, Graphs.STEP_BUDGET);
    assertThat(paths).allSatisfy(path -> assertThat(path).doesNotHaveDuplicates());
  }
}
