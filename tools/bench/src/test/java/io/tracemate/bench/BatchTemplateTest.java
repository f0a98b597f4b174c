package io.tracemate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tracemate.codec.otlp.OtlpJson;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesDecoder;

class BatchTemplateTest {

  private static final long TEMPLATE_BASE = 1_700_000_000_000_000_000L;

  private final List<TemplateSpan> batch = new SyntheticWorkload(11).batch(500);
  private final Placeholders placeholders =
      Placeholders.forBatch(batch, TEMPLATE_BASE, new SplittableRandom(5));
  private final IdAllocator ids = new IdAllocator(0x1234_5678_9abc_def0L);

  @Test
  void otlpBodiesDecodeWithFreshIdsCurrentTimesAndUnchangedContent() throws Exception {
    BatchTemplate template = BatchTemplate.otlp(batch, placeholders);
    long now = epochNanos();
    EncodedBatch first = template.instantiate(ids, now);
    EncodedBatch second = template.instantiate(ids, now);

    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(first.body());
    List<Span> spans =
        request.getResourceSpansList().stream()
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .flatMap(ss -> ss.getSpansList().stream())
            .toList();
    assertThat(spans).hasSize(batch.size()).hasSize(first.spans());
    assertThat(request.getResourceSpansList())
        .extracting(ResourceSpans::getResource)
        .allSatisfy(
            resource ->
                assertThat(resource.getAttributesList())
                    .extracting(KeyValue::getKey)
                    .contains("service.name", "service.namespace", "k8s.pod.name"));

    Set<String> traceIds = new HashSet<>();
    Map<String, Span> byId = new HashMap<>();
    for (Span span : spans) {
      ByteBuffer traceId = span.getTraceId().asReadOnlyByteBuffer();
      assertThat(traceId.getLong()).isEqualTo(ids.traceHigh());
      long low = traceId.getLong();
      assertThat(
              LongStream.range(first.firstTraceLow(), first.firstTraceLow() + first.traces())
                  .map(IdAllocator::traceLowBits))
          .contains(low);
      traceIds.add(hex(span.getTraceId().toByteArray()));
      byId.put(hex(span.getSpanId().toByteArray()), span);
      assertThat(span.getAttributesCount()).isEqualTo(11);
      assertThat(span.getEndTimeUnixNano())
          .isGreaterThanOrEqualTo(span.getStartTimeUnixNano())
          .isLessThanOrEqualTo(now);
      assertThat(span.getStartTimeUnixNano()).isGreaterThan(now - 10_000_000_000L);
    }
    assertThat(traceIds).hasSize(first.traces());
    assertThat(byId).hasSize(spans.size());
    for (Span span : spans) {
      if (!span.getParentSpanId().isEmpty()) {
        Span parent = byId.get(hex(span.getParentSpanId().toByteArray()));
        assertThat(parent).isNotNull();
        assertThat(parent.getTraceId()).isEqualTo(span.getTraceId());
      }
    }
    // Shifting moves spans in time but keeps their durations and names.
    assertThat(
            spans.stream()
                .map(span -> span.getEndTimeUnixNano() - span.getStartTimeUnixNano())
                .sorted()
                .toList())
        .isEqualTo(batch.stream().map(TemplateSpan::durationNanos).sorted().toList());
    assertThat(spans.stream().map(Span::getName).sorted().toList())
        .isEqualTo(batch.stream().map(TemplateSpan::name).sorted().toList());

    ExportTraceServiceRequest again = ExportTraceServiceRequest.parseFrom(second.body());
    Set<String> secondTraceIds = new HashSet<>();
    again
        .getResourceSpansList()
        .forEach(
            rs ->
                rs.getScopeSpansList()
                    .forEach(
                        ss ->
                            ss.getSpansList()
                                .forEach(
                                    span ->
                                        secondTraceIds.add(hex(span.getTraceId().toByteArray())))));
    assertThat(secondTraceIds).doesNotContainAnyElementsOf(traceIds);
    assertThat(second.firstTraceLow()).isEqualTo(first.firstTraceLow() + first.traces());
  }

  /**
   * The OTLP/JSON body is the protobuf body's request, fresh trace IDs and shifted times included; span IDs are
   * random per send, so they are compared by where they point (every parent is a span of the body).
   */
  @Test
  void otlpJsonBodiesHoldTheSameRequestAsProtobufBodies() throws Exception {
    long now = epochNanos();
    long traceHigh = ids.traceHigh();
    EncodedBatch protobuf =
        BatchTemplate.otlp(batch, placeholders).instantiate(new IdAllocator(traceHigh), now);
    EncodedBatch json =
        BatchTemplate.otlpJson(batch, placeholders).instantiate(new IdAllocator(traceHigh), now);

    ExportTraceServiceRequest expected = ExportTraceServiceRequest.parseFrom(protobuf.body());
    ExportTraceServiceRequest parsed = OtlpJson.parseTraceRequest(json.body());
    assertThat(withoutSpanIds(parsed)).isEqualTo(withoutSpanIds(expected));
    List<Span> spans =
        parsed.getResourceSpansList().stream()
            .flatMap(rs -> rs.getScopeSpansList().stream())
            .flatMap(ss -> ss.getSpansList().stream())
            .toList();
    Set<Object> spanIds = new HashSet<>(spans.stream().map(Span::getSpanId).toList());
    assertThat(spanIds).hasSize(batch.size());
    assertThat(spans)
        .filteredOn(span -> !span.getParentSpanId().isEmpty())
        .isNotEmpty()
        .allSatisfy(span -> assertThat(spanIds).contains(span.getParentSpanId()));
    assertThat(json.spans()).isEqualTo(protobuf.spans()).isEqualTo(batch.size());
    assertThat(json.traces()).isEqualTo(protobuf.traces());
    assertThat(expected.getResourceSpans(0).getScopeSpans(0).getSpans(0).getEndTimeUnixNano())
        .isLessThanOrEqualTo(now)
        .isGreaterThan(now - 10_000_000_000L);
  }

  @Test
  void zipkinBodiesDecodeWithFreshIdsAndCurrentTimes() {
    BatchTemplate template = BatchTemplate.zipkinJson(batch, placeholders);
    long now = epochNanos();
    EncodedBatch encoded = template.instantiate(ids, now);

    List<zipkin2.Span> spans = SpanBytesDecoder.JSON_V2.decodeList(encoded.body());
    assertThat(spans).hasSize(batch.size());
    Map<String, zipkin2.Span> byId = new HashMap<>();
    for (zipkin2.Span span : spans) {
      assertThat(span.traceId())
          .hasSize(32)
          .startsWith(HexFormat.of().toHexDigits(ids.traceHigh()));
      assertThat(span.tags()).hasSizeGreaterThanOrEqualTo(11);
      assertThat(span.localServiceName()).startsWith("bench-");
      assertThat(span.timestampAsLong())
          .isLessThanOrEqualTo(now / 1_000)
          .isGreaterThan(now / 1_000 - 10_000_000L);
      byId.put(span.id(), span);
    }
    assertThat(byId).hasSize(spans.size());
    assertThat(spans.stream().map(zipkin2.Span::traceId).distinct().count())
        .isEqualTo(encoded.traces());
    assertThat(spans)
        .filteredOn(span -> span.parentId() != null)
        .allSatisfy(
            span -> assertThat(byId.get(span.parentId()).traceId()).isEqualTo(span.traceId()));
    assertThat(
            spans.stream()
                .filter(span -> span.tags().containsKey("error"))
                .allMatch(
                    span ->
                        !span.annotations().isEmpty()
                            && span.annotations().getFirst().timestamp()
                                <= span.timestampAsLong() + span.durationAsLong()))
        .isTrue();
  }

  private static ExportTraceServiceRequest withoutSpanIds(ExportTraceServiceRequest request) {
    ExportTraceServiceRequest.Builder builder = request.toBuilder();
    builder.getResourceSpansBuilderList().stream()
        .flatMap(rs -> rs.getScopeSpansBuilderList().stream())
        .flatMap(ss -> ss.getSpansBuilderList().stream())
        .forEach(span -> span.clearSpanId().clearParentSpanId());
    return builder.build();
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
