package io.tracemate.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tracemate.component.SpanBatch;
import io.tracemate.queue.QueueBinding;
import io.tracemate.queue.spans.SpanHeadFeed;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.TraceReader;
import io.tracemate.storage.head.HeadTraceReader;
import io.tracemate.storage.head.SpanHead;
import io.tracemate.storage.head.SpanHeadLimits;

/**
 * Read what you just wrote, for spans: the span head between the span queue (which fills it when a batch is
 * durable) and the query APIs (which read it merged with the store). Only where the queue and the queries share a
 * process: the local write-ahead log with the querier role.
 */
final class FreshSpanReads {
  private final SpanHead head;

  FreshSpanReads(SpanHeadLimits limits, PrometheusRegistry registry) {
    this.head = new SpanHead(limits);
    GaugeWithCallback.builder()
        .name("tracemate_span_head_spans")
        .help("Acknowledged spans held in memory until the span store shows them")
        .callback(cb -> cb.call(head.spans()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_span_head_bytes")
        .help("Estimated heap of the spans held in the span head")
        .callback(cb -> cb.call(head.bytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tracemate_span_head_max_bytes")
        .help("Bound on the span head's estimated heap (query.fresh-reads.head-max-bytes)")
        .callback(cb -> cb.call(limits.maxBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("tracemate_span_head_dropped_spans_total")
        .help(
            "Spans the span head let go of at its memory bound before the store showed them: they"
                + " become searchable at the store's next refresh instead of at once")
        .callback(cb -> cb.call(head.spansDroppedEarly()))
        .register(registry);
  }

  /** The store's reader with the head merged in. */
  TraceReader reader(TraceReader store) {
    return new HeadTraceReader(store, head);
  }

  /** The span queue's binding, feeding the head. */
  QueueBinding<SpanBatch> feeding(QueueBinding<SpanBatch> binding, SpanWriter store) {
    return binding.withFreshReads(new SpanHeadFeed(head, store));
  }
}
