package io.tracemate.servicegraph;

import static io.tracemate.model.SpanKind.CLIENT;
import static io.tracemate.model.SpanKind.SERVER;
import static io.tracemate.servicegraph.GraphFixture.WINDOW_END;
import static io.tracemate.servicegraph.GraphFixture.WINDOW_START;
import static io.tracemate.servicegraph.TestSpans.failed;
import static io.tracemate.servicegraph.TestSpans.span;
import static io.tracemate.servicegraph.TestSpans.trace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.TraceId;
import io.tracemate.red.RedPoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ServiceGraph#edgeSeries}: one edge's RED per minute, per side. */
class EdgeSeriesTest {

  private final GraphFixture fixture = new GraphFixture();

  /** gateway → orders: minute 0 has 3 requests (1 failed on the server), minute 2 has 1; client 100 ms, server 80 ms. */
  private void traffic() {
    long[] offsets = {1_000, 2_000, 3_000, 120_500};
    for (int i = 0; i < offsets.length; i++) {
      TraceId t = trace(i);
      long at = offsets[i];
      fixture.observe(
          span(t, 1, 0, "gateway", SERVER, at, 150),
          span(t, 2, 1, "gateway", CLIENT, at + 1, 100),
          i == 0
              ? failed(span(t, 3, 2, "orders", SERVER, at + 2, 80))
              : span(t, 3, 2, "orders", SERVER, at + 2, 80));
    }
  }

  @Test
  void countsRequestsPerStepOnBothSidesWithEachSidesLatency() {
    traffic();

    List<RedPoint> client =
        fixture.graph.edgeSeries(
            "gateway", "orders", "client", WINDOW_START, WINDOW_END, Duration.ofMinutes(1));
    List<RedPoint> server =
        fixture.graph.edgeSeries(
            "gateway", "orders", "server", WINDOW_START, WINDOW_END, Duration.ofMinutes(1));

    assertThat(client).extracting(p -> p.summary().calls()).containsExactly(3L, 0L, 1L, 0L, 0L);
    assertThat(client).extracting(p -> p.summary().errors()).containsExactly(1L, 0L, 0L, 0L, 0L);
    assertThat(server).extracting(p -> p.summary().calls()).containsExactly(3L, 0L, 1L, 0L, 0L);
    assertThat(client.get(0).start()).isEqualTo(WINDOW_START);
    assertThat(client.get(2).start()).isEqualTo(WINDOW_START.plus(Duration.ofMinutes(2)));
    // Latency buckets are approximate: each side must land near its own duration, not the other
    // side's.
    assertThat(client.get(0).summary().p50Millis()).isBetween(90.0, 110.0);
    assertThat(server.get(0).summary().p50Millis()).isBetween(70.0, 90.0);
  }

  @Test
  void otherDirectionsAndUnknownEdgesAreEmpty() {
    traffic();

    assertThat(
            fixture.graph.edgeSeries(
                "orders", "gateway", "client", WINDOW_START, WINDOW_END, Duration.ofMinutes(1)))
        .allSatisfy(p -> assertThat(p.summary().calls()).isZero());
    assertThat(
            fixture.graph.edgeSeries(
                "user", "gateway", "server", WINDOW_START, WINDOW_END, Duration.ofMinutes(1)))
        .extracting(p -> p.summary().calls())
        .containsExactly(3L, 0L, 1L, 0L, 0L);
  }

  @Test
  void rejectsAnUnknownSide() {
    assertThatThrownBy(
            () ->
                fixture.graph.edgeSeries(
                    "gateway", "orders", "both", WINDOW_START, WINDOW_END, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'client' or 'server'");
  }
}
