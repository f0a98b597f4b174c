package io.tracemate.storage.tck;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import io.tracemate.testing.TestSpans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Many writers and readers at once: no exception, nothing lost, nothing doubled. */
public interface ConcurrencyContract extends StorageFixture {

  int WRITERS = 3;
  int BATCHES_PER_WRITER = 40;
  int SPANS_PER_TRACE = 5;

  @Test
  default void concurrentWritersAndReadersLoseNothing() throws Exception {
    Map<TraceId, List<Span>> written = new ConcurrentHashMap<>();
    long seed = random().nextLong();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        Random random = new Random(seed + w);
        String service = "writer-" + w;
        writers.add(
            pool.submit(
                () -> {
                  List<Span> previous = List.of();
                  for (int batch = 0; batch < BATCHES_PER_WRITER; batch++) {
                    List<Span> spans = trace(random, service, baseNanos() + batch * 1_000_000L);
                    written.put(spans.getFirst().traceId(), spans);
                    write(spans);
                    if (batch % 7 == 0) {
                      write(previous); // a client retry: must not show twice
                    }
                    if (batch % 10 == 9) {
                      flush();
                    }
                    previous = spans;
                  }
                  return null;
                }));
      }
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(
            pool.submit(
                () -> {
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while (writing.get() && System.nanoTime() < deadline) {
                    for (Trace trace :
                        reader().findTraces(TraceQuery.builder().limit(10).build())) {
                      assertThat(trace.spans()).doesNotHaveDuplicates();
                      reader().trace(trace.traceId());
                    }
                    reader().serviceNames();
                    backend()
                        .dependencyReader()
                        .dependencies(
                            TenantScope.DEFAULT, Instant.EPOCH, Instant.now().plusSeconds(3600));
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(90, TimeUnit.SECONDS);
      }
      writing.set(false);
      for (Future<?> reader : readers) {
        reader.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    flush();
    assertThat(written).hasSize(WRITERS * BATCHES_PER_WRITER);
    for (Map.Entry<TraceId, List<Span>> entry : written.entrySet()) {
      assertThat(reader().trace(entry.getKey()))
          .contains(TestSpans.expectedTrace(entry.getKey(), entry.getValue()));
    }
    for (int w = 0; w < WRITERS; w++) {
      assertThat(
              reader()
                  .findTraces(TraceQuery.builder().serviceName("writer-" + w).limit(1000).build()))
          .hasSize(BATCHES_PER_WRITER);
    }
  }

  private static List<Span> trace(Random random, String service, long startNanos) {
    TraceId traceId = TestSpans.traceId(random);
    List<Span> spans = new ArrayList<>();
    SpanId parent = SpanId.NONE;
    for (int i = 0; i < SPANS_PER_TRACE; i++) {
      Span span =
          span(traceId, spanId(random), parent, service, "op-" + i, startNanos + i * 1_000L, 500)
              .kind(i == 0 ? SpanKind.SERVER : SpanKind.INTERNAL)
              .build();
      spans.add(span);
      parent = span.spanId();
    }
    return spans;
  }
}
