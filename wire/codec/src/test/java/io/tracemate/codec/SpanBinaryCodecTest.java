package io.tracemate.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanBinaryCodecTest {

  @Test
  void roundTripKeepsEveryField() {
    List<Span> spans = List.of(TestSpans.rich());
    assertThat(SpanBinaryCodec.decode(SpanBinaryCodec.encode(spans))).isEqualTo(spans);
  }

  @Test
  void roundTripKeepsOrderOfGroupedBatch() {
    for (long seed = 1; seed <= 5; seed++) {
      List<Span> spans = TestSpans.batch(seed, 40);
      assertThat(SpanBinaryCodec.decode(SpanBinaryCodec.encode(spans)))
          .as("seed %d", seed)
          .isEqualTo(spans);
    }
  }

  @Test
  void sixtyFourBitTraceIdsAndRootsSurvive() {
    Span span =
        TestSpans.rich().toBuilder().traceId(new TraceId(0, 42)).parentSpanId(SpanId.NONE).build();
    assertThat(SpanBinaryCodec.decode(SpanBinaryCodec.encode(List.of(span)))).containsExactly(span);
  }

  @Test
  void decodedSpansOfOneResourceShareIt() {
    List<Span> decoded = SpanBinaryCodec.decode(SpanBinaryCodec.encode(TestSpans.batch(7, 10)));
    assertThat(decoded.get(0).resource()).isSameAs(decoded.get(1).resource());
    assertThat(decoded.get(0).scope()).isSameAs(decoded.get(4).scope());
  }

  @Test
  void emptyListRoundTrips() {
    assertThat(SpanBinaryCodec.decode(SpanBinaryCodec.encode(List.of()))).isEmpty();
  }

  @Test
  void corruptBytesAreReported() {
    assertThatThrownBy(() -> SpanBinaryCodec.decode(new byte[] {10, 100, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt span data");
  }
}
