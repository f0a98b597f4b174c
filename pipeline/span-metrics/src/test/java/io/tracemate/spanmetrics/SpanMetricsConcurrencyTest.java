package io.tracemate.spanmetrics;

import static io.tracemate.spanmetrics.Spans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.model.Span;
import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import io.tracemate.spanmetrics.config.SpanMetricsConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpanMetricsConcurrencyTest {

  @Test
  void concurrentBatchesKeepExactTotals() throws Exception {
    Instant noon = Instant.parse("2026-01-01T12:00:00Z");
    SpanMetricsAggregator aggregator =
        new SpanMetricsAggregator(SpanMetricsConfig.defaults(), Clock.fixed(noon, ZoneOffset.UTC));
    // One batch: 10 spans of one series, 2 of them errors (another series), 3 ms each.
    List<Span> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(
          span("orders", "GET", SpanKind.SERVER)
              .millis(3)
              .status(i < 2 ? StatusCode.ERROR : StatusCode.UNSET)
              .endingAt("2026-01-01T11:59:30Z")
              .build());
    }
    int threads = 4;
    int batchesPerThread = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < batchesPerThread; i++) {
                    aggregator.observe(batch);
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long batches = (long) threads * batchesPerThread;
    Scrape scrape = new Scrape(new SpanMetricsCollector(aggregator));
    Map<String, String> ok =
        Map.of(
            "service_name",
            "orders",
            "span_name",
            "GET",
            "span_kind",
            "SPAN_KIND_SERVER",
            "status_code",
            "STATUS_CODE_UNSET");
    assertThat(scrape.calls(ok).getValue()).isEqualTo(batches * 8);
    assertThat(scrape.duration(ok).getCount()).isEqualTo(batches * 8);
    assertThat(Scrape.cumulative(scrape.duration(ok)).get(0)).isZero();
    assertThat(Scrape.cumulative(scrape.duration(ok)).get(1)).isEqualTo(batches * 8); // 3 ms ≤ 4 ms
    var red = RedQuery.of(aggregator).service("orders", noon.minusSeconds(60), noon);
    assertThat(red.calls()).isEqualTo(batches * 10);
    assertThat(red.errors()).isEqualTo(batches * 2);
  }
}
