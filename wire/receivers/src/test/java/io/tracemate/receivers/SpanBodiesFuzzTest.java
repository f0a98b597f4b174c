package io.tracemate.receivers;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.codec.zipkin.ZipkinSpanDecoder;
import io.tracemate.receivers.exchange.DecodedHeapBound;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.SeedCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The span receivers' object counting ({@link SpanBodyShapes}) against their decoders, on fuzzed bodies: the count
 * never fails and bounds what decoding allocates ({@link DecodedHeapBound}).
 */
class SpanBodiesFuzzTest {
  @Provide
  Arbitrary<Mutant> otlpProtobuf() {
    return Mutants.of(SeedCorpus.load("otlp-traces-protobuf"));
  }

  @Provide
  Arbitrary<Mutant> otlpJson() {
    return Mutants.of(SeedCorpus.load("otlp-traces-json"));
  }

  @Provide
  Arbitrary<Mutant> zipkinJson() {
    return Mutants.of(SeedCorpus.load("zipkin-json"));
  }

  @Provide
  Arbitrary<Mutant> zipkinProto3() {
    return Mutants.of(SeedCorpus.load("zipkin-proto3"));
  }

  @FuzzTarget
  void otlpProtobufCountBoundsTheDecodedHeap(@ForAll("otlpProtobuf") Mutant body) {
    DecodedHeapBound.check(
        SpanBodyShapes.OTLP_PROTOBUF,
        body.bytes(),
        () -> OtlpTraceDecoder.decode(ExportTraceServiceRequest.parseFrom(body.bytes())),
        InvalidProtocolBufferException.class);
  }

  @FuzzTarget
  void otlpJsonCountBoundsTheDecodedHeap(@ForAll("otlpJson") Mutant body) {
    DecodedHeapBound.check(
        SpanBodyShapes.OTLP_JSON,
        body.bytes(),
        () -> OtlpTraceDecoder.decode(OtlpJson.parseTraceRequest(body.bytes())),
        IllegalArgumentException.class);
  }

  @FuzzTarget
  void zipkinJsonCountBoundsTheDecodedHeap(@ForAll("zipkinJson") Mutant body) {
    DecodedHeapBound.check(
        SpanBodyShapes.ZIPKIN_JSON,
        body.bytes(),
        () -> ZipkinSpanDecoder.decodeJson(body.bytes()),
        IllegalArgumentException.class);
  }

  @FuzzTarget
  void zipkinProto3CountBoundsTheDecodedHeap(@ForAll("zipkinProto3") Mutant body) {
    DecodedHeapBound.check(
        SpanBodyShapes.ZIPKIN_PROTO3,
        body.bytes(),
        () -> ZipkinSpanDecoder.decodeProto3(body.bytes()),
        IllegalArgumentException.class);
  }
}
