package io.tracemate.pipeline.sampling;

import io.tracemate.common.tenant.TenantId;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.TraceId;
import io.tracemate.pipeline.sampling.config.PolicyConfig;
import io.tracemate.pipeline.sampling.config.TailSamplingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Clock, spans and a recording downstream for the sampler tests. */
final class SamplingFixtures {
  static final long START = 1_700_000_000_000_000_000L;

  private SamplingFixtures() {}

  /** A hand-driven monotonic clock. */
  static final class ManualClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
      return nanos;
    }

    void advance(Duration duration) {
      nanos += duration.toNanos();
    }

    void advanceMillis(long millis) {
      nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }
  }

  /** Keeps what the sampler hands downstream. */
  static final class Kept implements SampledSpansConsumer {
    final List<Span> spans = new ArrayList<>();
    int calls;

    @Override
    public void accept(TenantId tenant, List<Span> keptSpans) {
      spans.addAll(keptSpans);
      calls++;
    }

    List<TraceId> traceIds() {
      return spans.stream().map(Span::traceId).distinct().toList();
    }
  }

  static TraceId trace(long n) {
    return new TraceId(0x0af7651916cd43ddL, n);
  }

  /** A span of {@code service} lasting {@code millis}, with the given span attributes. */
  static Span span(
      TraceId traceId,
      int spanNumber,
      String service,
      String name,
      long millis,
      Attribute... attributes) {
    return Span.builder()
        .traceId(traceId)
        .spanId(new SpanId(spanNumber + 1))
        .name(name)
        .startEpochNanos(START)
        .endEpochNanos(START + TimeUnit.MILLISECONDS.toNanos(millis))
        .attributes(List.of(attributes))
        .resource(new Resource(List.of(Attribute.of("service.name", service)), 0))
        .build();
  }

  static Span span(TraceId traceId, int spanNumber) {
    return span(traceId, spanNumber, "frontend", "GET /", 10);
  }

  static Span errorSpan(TraceId traceId, int spanNumber) {
    return span(traceId, spanNumber).toBuilder()
        .status(new Status(StatusCode.ERROR, "boom"))
        .build();
  }

  static List<Span> spans(TraceId traceId, int count) {
    List<Span> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(span(traceId, i));
    }
    return out;
  }

  static TailSamplingConfig config(Duration decisionWait, int numTraces, PolicyConfig... policies) {
    return TailSamplingConfig.of(decisionWait, numTraces, List.of(policies));
  }
}
