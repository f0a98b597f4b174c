package io.tracemate.receivers;

import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.TraceId;
import java.time.Duration;
import java.util.List;

final class TestData {
  private TestData() {}

  /**
   * Limits that accept spans of any age: these tests send spans at fixed times (2023) to check that every field
   * arrives exactly; {@code SpanTimeCheckTest} and the server's end-to-end tests cover the time limits.
   */
  static ReceiverLimits anyAge(int maxRequestBytes) {
    return new ReceiverLimits(
        maxRequestBytes,
        Duration.ofDays(365L * 200),
        ReceiverLimits.DEFAULT_SPAN_CREATION_GRACE_PERIOD);
  }

  static Span span() {
    return Span.builder()
        .traceId(new TraceId(0x0af7651916cd43ddL, 0x8448eb211c80319cL))
        .spanId(new SpanId(0xb7ad6b7169203331L))
        .name("ok")
        .kind(SpanKind.SERVER)
        .startEpochNanos(1_700_000_000_000_000_000L)
        .endEpochNanos(1_700_000_000_100_000_000L)
        .resource(new Resource(List.of(Attribute.of("service.name", "checkout")), 0))
        .build();
  }
}
