package io.tracemate.queue.spans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.codec.otlp.OtlpTraceEncoder;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.component.SpanBatch;
import io.tracemate.model.Attribute;
import io.tracemate.model.Resource;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanWalCodecTest {
  private static final TenantId ACME = TenantId.parse("acme");

  private static List<Span> spans() {
    Resource resource = new Resource(List.of(Attribute.of("service.name", "svc")), 0);
    return List.of(
        Span.builder()
            .traceId(new TraceId(1, 2))
            .spanId(new SpanId(3))
            .name("GET /")
            .startEpochNanos(1_000)
            .endEpochNanos(2_000)
            .resource(resource)
            .build(),
        Span.builder()
            .traceId(new TraceId(1, 2))
            .spanId(new SpanId(4))
            .parentSpanId(new SpanId(3))
            .name("SELECT")
            .startEpochNanos(1_100)
            .endEpochNanos(1_900)
            .resource(resource)
            .build());
  }

  @Test
  void recordsWrittenBeforeTenantsExistedReplayAsTheDefaultTenant() {
    // Exactly what every span WAL record was before tenants: OTLP TracesData bytes, nothing else.
    byte[] oldRecord = SpanBinaryCodec.encode(spans());
    byte[] oldReceiverRecord = OtlpTraceEncoder.encode(spans()).toByteArray();

    assertThat(SpanWalCodec.decode(oldRecord)).isEqualTo(SpanBatch.of(TenantId.DEFAULT, spans()));
    assertThat(SpanWalCodec.decode(oldReceiverRecord).tenant()).isEqualTo(TenantId.DEFAULT);
    assertThat(SpanWalCodec.decode(oldReceiverRecord).spans()).isEqualTo(spans());
  }

  @Test
  void theDefaultTenantsRecordIsTheReceiversBytesAsTheyAre() {
    byte[] asReceived = OtlpTraceEncoder.encode(spans()).toByteArray();

    byte[] record = SpanWalCodec.encode(new SpanBatch(TenantId.DEFAULT, spans(), () -> asReceived));

    assertThat(record).isSameAs(asReceived);
  }

  @Test
  void anotherTenantsRecordCarriesItsTenant() {
    byte[] asReceived = OtlpTraceEncoder.encode(spans()).toByteArray();

    SpanBatch fromReceiver =
        SpanWalCodec.decode(SpanWalCodec.encode(new SpanBatch(ACME, spans(), () -> asReceived)));
    SpanBatch encodedHere = SpanWalCodec.decode(SpanWalCodec.encode(SpanBatch.of(ACME, spans())));

    assertThat(fromReceiver).isEqualTo(SpanBatch.of(ACME, spans()));
    assertThat(encodedHere).isEqualTo(SpanBatch.of(ACME, spans()));
  }

  @Test
  void theLongestTenantIdRoundTrips() {
    TenantId longest = TenantId.parse("t".repeat(TenantId.MAX_BYTES));

    assertThat(SpanWalCodec.decode(SpanWalCodec.encode(SpanBatch.of(longest, spans()))).tenant())
        .isEqualTo(longest);
  }

  @Test
  void aDamagedHeaderIsRefusedNotMisread() {
    byte[] record = SpanWalCodec.encode(SpanBatch.of(ACME, spans()));
    byte[] unknownVersion = record.clone();
    unknownVersion[1] = 9;
    byte[] cutInTheTenant = Arrays.copyOf(record, 4);
    byte[] invalidTenant = record.clone();
    invalidTenant[3] = '/';

    assertThatThrownBy(() -> SpanWalCodec.decode(unknownVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
    assertThatThrownBy(() -> SpanWalCodec.decode(cutInTheTenant))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> SpanWalCodec.decode(invalidTenant))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
