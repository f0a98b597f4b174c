package io.tracemate.receivers.logs;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.codec.logs.PayloadTooLargeException;
import io.tracemate.receivers.exchange.DecodedHeapBound;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * The log receivers' object counting ({@link LogBodyShapes}) against their decoders, on fuzzed bodies: the count
 * never fails and bounds what decoding allocates ({@link DecodedHeapBound}); Loki's snappy bodies are counted as
 * the receiver counts them, after inflating within the limit.
 */
class LogBodiesFuzzTest {
  private static final long RECEIVED = 1_700_000_000_000_000_000L;
  private static final int MAX_INFLATED = 1 << 20;

  @Provide
  Arbitrary<Mutant> otlpProtobuf() {
    return Mutants.of(SeedCorpus.load("otlp-logs-protobuf"));
  }

  @Provide
  Arbitrary<Mutant> otlpJson() {
    return Mutants.of(SeedCorpus.load("otlp-logs-json"));
  }

  @Provide
  Arbitrary<Mutant> lokiJson() {
    return Mutants.of(SeedCorpus.load("loki-push-json"));
  }

  @Provide
  Arbitrary<Mutant> lokiSnappy() {
    return Mutants.of(SeedCorpus.load("loki-push-snappy"));
  }

  @FuzzTarget
  void otlpProtobufCountBoundsTheDecodedHeap(@ForAll("otlpProtobuf") Mutant body) {
    DecodedHeapBound.check(
        LogBodyShapes.OTLP_PROTOBUF,
        body.bytes(),
        () -> OtlpLogDecoder.decode(ExportLogsServiceRequest.parseFrom(body.bytes()), RECEIVED),
        InvalidProtocolBufferException.class);
  }

  @FuzzTarget
  void otlpJsonCountBoundsTheDecodedHeap(@ForAll("otlpJson") Mutant body) {
    DecodedHeapBound.check(
        LogBodyShapes.OTLP_JSON,
        body.bytes(),
        () -> OtlpLogDecoder.decode(OtlpLogDecoder.parseJson(body.bytes()), RECEIVED),
        IllegalArgumentException.class);
  }

  @FuzzTarget
  void lokiJsonCountBoundsTheDecodedHeap(@ForAll("lokiJson") Mutant body) {
    DecodedHeapBound.check(
        LogBodyShapes.LOKI_JSON,
        body.bytes(),
        () -> LokiPushDecoder.decodeJson(body.bytes()),
        IllegalArgumentException.class);
  }

  @FuzzTarget
  void lokiProtobufCountBoundsTheDecodedHeap(@ForAll("lokiSnappy") Mutant body) {
    Outcomes.acceptedOrRefused(
            () -> LokiPushDecoder.unsnappy(body.bytes(), MAX_INFLATED),
            IllegalArgumentException.class,
            PayloadTooLargeException.class)
        .ifPresent(
            protobuf ->
                DecodedHeapBound.check(
                    LogBodyShapes.LOKI_PROTOBUF,
                    protobuf,
                    () -> LokiPushDecoder.decodeProtobuf(protobuf),
                    IllegalArgumentException.class));
  }
}
