package io.tracemate.analysis;

import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random traces: one root, fan-out and nesting, concurrency, async children, errors. */
final class GeneratedTraces {
  private GeneratedTraces() {}

  /**
   * @param maxTime the root spans [0, maxTime]; children start inside their parent and mostly end inside it,
   *     one in ten outlives it (async)
   */
  static Trace generate(int spanCount, long maxTime, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] start = new long[spanCount];
    long[] end = new long[spanCount];
    List<Span> spans = new ArrayList<>(spanCount);
    start[0] = 0;
    end[0] = maxTime;
    spans.add(TestSpans.span(1, 0, "svc-0", 0, maxTime).build());
    for (int i = 1; i < spanCount; i++) {
      // Parents among the recent spans give both depth (chains) and width (siblings).
      int parent = random.nextInt(Math.max(0, i - 30), i);
      long parentLength = end[parent] - start[parent];
      start[i] = start[parent] + (parentLength == 0 ? 0 : random.nextLong(parentLength + 1));
      long room = end[parent] - start[i];
      boolean async = random.nextInt(10) == 0;
      long length =
          async ? random.nextLong(maxTime / 4 + 1) : (room == 0 ? 0 : random.nextLong(room + 1));
      end[i] = start[i] + length;
      Span.Builder span =
          TestSpans.span(i + 1, parent + 1, "svc-" + random.nextInt(20), start[i], end[i])
              .attributes(
                  List.of(
                      Attribute.of("http.route", "/route/" + random.nextInt(8)),
                      Attribute.of("request.id", Long.toString(random.nextLong(), 36))));
      if (random.nextInt(50) == 0) {
        span.status(TestSpans.error("failed " + random.nextInt(3)));
      }
      spans.add(span.build());
    }
    return new Trace(TestSpans.TRACE_ID, spans);
  }
}
