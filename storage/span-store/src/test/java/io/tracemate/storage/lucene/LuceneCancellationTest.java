package io.tracemate.storage.lucene;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.tck.SingleTenantReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches and trace reads stop when their cancellation says so (a Jaeger client went away or timed out). */
class LuceneCancellationTest {
  @TempDir Path dataDir;
  private LuceneStorage storage;
  private TraceId bigTrace;

  @BeforeEach
  void fill() {
    storage = LuceneStorage.open(LuceneStorageConfig.of(dataDir));
    Random random = new Random(7);
    long now = System.currentTimeMillis() * 1_000_000L;
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      spans.add(
          span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", now - i * 1_000_000L, 10)
              .build());
    }
    bigTrace = traceId(random);
    for (int i = 0; i < 5_000; i++) {
      spans.add(
          span(bigTrace, spanId(random), SpanId.NONE, "big", "op", now - i * 1_000L, 10).build());
    }
    storage.spanWriter().write(TenantId.DEFAULT, spans);
    storage.spanWriter().flush();
  }

  @AfterEach
  void close() {
    storage.close();
  }

  /** A cancellation whose deadline passes after it has been asked {@code checks} times. */
  private static Cancellation trippingAfter(long checks) {
    AtomicLong calls = new AtomicLong();
    return Cancellation.withTimeout(Duration.ofNanos(checks), calls::incrementAndGet);
  }

  @Test
  void aSearchStopsOnceCancelledInsteadOfReturningPartialResults() {
    TraceQuery query = TraceQuery.builder().serviceName("svc").limit(1500).build();
    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .findTraces(query, Cancellation.none()))
        .hasSize(1500);
    assertThatThrownBy(
            () ->
                new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                    .findTraces(query, trippingAfter(3)))
        .isInstanceOfSatisfying(
            CancelledException.class,
            e -> assertThat(e.reason()).isEqualTo(Cancellation.Reason.DEADLINE_EXCEEDED));
    Cancellation cancelled = Cancellation.none();
    cancelled.cancel();
    assertThatThrownBy(
            () ->
                new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                    .findTraces(query, cancelled))
        .isInstanceOf(CancelledException.class);
  }

  @Test
  void loadingAHugeTraceStopsOnceCancelled() {
    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .trace(bigTrace, Cancellation.none())
                .orElseThrow()
                .spans())
        .hasSize(5_000);
    // the load checks every 1024 spans: a cancellation that trips after a few checks stops it
    // midway
    assertThatThrownBy(
            () ->
                new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                    .trace(bigTrace, trippingAfter(3)))
        .isInstanceOf(CancelledException.class);
  }
}
