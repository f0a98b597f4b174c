package io.tracemate.component;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import java.util.List;

/** Spans and span processors for the tests. */
final class TestBatches {
  private TestBatches() {}

  static Span span(String name) {
    return Span.builder()
        .traceId(new TraceId(1, 2))
        .spanId(new SpanId(3))
        .name(name)
        .startEpochNanos(1_000)
        .endEpochNanos(2_000)
        .resource(new Resource(List.of(Attribute.of("service.name", "svc")), 0))
        .build();
  }

  static SpanBatch batch(String... names) {
    return SpanBatch.of(
        TenantId.DEFAULT, java.util.Arrays.stream(names).map(TestBatches::span).toList());
  }

  static List<String> names(SpanBatch batch) {
    return batch.spans().stream().map(Span::name).toList();
  }

  /** Appends {@code suffix} to every span name. */
  static Processor<SpanBatch> rename(String suffix) {
    return batch ->
        batch.withSpans(
            batch.spans().stream()
                .map(s -> s.toBuilder().name(s.name() + suffix).build())
                .toList());
  }

  static Processor<SpanBatch> dropNamed(String name) {
    return batch ->
        batch.withSpans(batch.spans().stream().filter(s -> !s.name().equals(name)).toList());
  }
}
