package io.tracemate.receivers;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.receivers.exchange.BodyShape;
import io.tracemate.receivers.exchange.ProtobufShape;

/**
 * What the span receivers' bodies decode into ({@link BodyShape}), with the decoded heap per object counted as
 * measured for each decoder: the body decoded and turned into spans, everything held, heap used after a full GC
 * minus before, divided by the objects the shape counts; on bodies of empty or minimal spans (the worst case,
 * one to three objects each) and of SDK-like spans (ten attributes and an event, 49 objects and 363 bytes each),
 * taking the larger and rounding up (JDK 21, compressed oops).
 */
final class SpanBodyShapes {
  /** OTLP protobuf (HTTP and gRPC): 112 bytes per object of empty spans, 56 of SDK-like spans. */
  static final BodyShape OTLP_PROTOBUF =
      BodyShape.protobuf(ExportTraceServiceRequest.getDescriptor(), 128);

  /**
   * OTLP/JSON: Jackson's tree, its text, the protobuf JSON parser's own tree and the messages are alive together at
   * the peak: 93 + 3 + 125 + 109 bytes per value of empty spans (49 once decoded for SDK-like spans).
   */
  static final BodyShape OTLP_JSON = BodyShape.json(352);

  /** Zipkin JSON, decoded as it streams: 52 bytes per value of minimal spans ({@code {"traceId":..,"id":..}}). */
  static final BodyShape ZIPKIN_JSON = BodyShape.json(64);

  /**
   * Zipkin proto3 ({@code zipkin.proto3.ListOfSpans}): 52 bytes per object of minimal spans (22 bytes each).
   * zipkin2 has no descriptor, so its shape is written here.
   */
  static final BodyShape ZIPKIN_PROTO3 = BodyShape.protobuf(zipkinListOfSpans(), 64);

  private SpanBodyShapes() {}

  /** zipkin.proto: ListOfSpans { repeated Span spans = 1; }. */
  private static ProtobufShape zipkinListOfSpans() {
    ProtobufShape endpoint =
        ProtobufShape.message("zipkin.proto3.Endpoint").field(1).field(2).field(3).field(4);
    ProtobufShape annotation = ProtobufShape.message("zipkin.proto3.Annotation").field(1).field(2);
    ProtobufShape tag = ProtobufShape.message("zipkin.proto3.Span.TagsEntry").field(1).field(2);
    ProtobufShape span =
        ProtobufShape.message("zipkin.proto3.Span")
            .field(1) // trace_id
            .field(2) // parent_id
            .field(3) // id
            .field(4) // kind
            .field(5) // name
            .field(6) // timestamp
            .field(7) // duration
            .child(8, endpoint) // local_endpoint
            .child(9, endpoint) // remote_endpoint
            .child(10, annotation)
            .child(11, tag)
            .field(12) // debug
            .field(13); // shared
    return ProtobufShape.message("zipkin.proto3.ListOfSpans").child(1, span);
  }
}
