package io.tracemate.codec.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.tracemate.codec.otlp.DecodedSpans;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.codec.otlp.OtlpTraceDecoder;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * OTLP traces as the receivers read them: protobuf (protobuf's parser, then {@link OtlpTraceDecoder}) and
 * OTLP/JSON ({@link OtlpJson}, then the decoder). A body is read or refused (protobuf's
 * {@link InvalidProtocolBufferException}, the JSON reader's {@link IllegalArgumentException}, each with a
 * message); what was read decodes without an exception, every span kept or counted as rejected.
 */
class OtlpTracesFuzzTest {
  static final SeedCorpus JSON = SeedCorpus.load("otlp-traces-json");
  static final SeedCorpus PROTOBUF = SeedCorpus.load("otlp-traces-protobuf");

  @Provide
  Arbitrary<Mutant> json() {
    return Mutants.of(JSON, FuzzTokens.OTLP_JSON);
  }

  @Provide
  Arbitrary<Mutant> protobuf() {
    return Mutants.of(PROTOBUF);
  }

  @FuzzTarget
  void jsonIsDecodedOrRefusedWithAMessage(@ForAll("json") Mutant body) {
    json(body.bytes());
  }

  @FuzzTarget
  void protobufIsDecodedOrRefusedWithAMessage(@ForAll("protobuf") Mutant body) {
    protobuf(body.bytes());
  }

  @Example
  void everySeedIsDecodedOrRefusedWithAMessage() {
    JSON.seeds().forEach(seed -> json(seed.bytes()));
    PROTOBUF.seeds().forEach(seed -> protobuf(seed.bytes()));
  }

  static void json(byte[] body) {
    Outcomes.acceptedOrRefused(
            () -> OtlpJson.parseTraceRequest(body), IllegalArgumentException.class)
        .ifPresent(OtlpTracesFuzzTest::decodes);
  }

  /**
   * Also the receivers' wire decoder ({@link OtlpTraceDecoder#decode(byte[], int, int)}): it reads or refuses
   * what the generated parser reads or refuses, into the same spans.
   */
  static void protobuf(byte[] body) {
    Optional<ExportTraceServiceRequest> parsed =
        Outcomes.acceptedOrRefused(
            () -> ExportTraceServiceRequest.parseFrom(body), InvalidProtocolBufferException.class);
    parsed.ifPresent(OtlpTracesFuzzTest::decodes);
    Optional<DecodedSpans> read =
        Outcomes.acceptedOrRefused(
            () -> OtlpTraceDecoder.decode(body, 0, body.length),
            InvalidProtocolBufferException.class);
    assertThat(read).isEqualTo(parsed.map(OtlpTraceDecoder::decode));
  }

  /** Decoding never throws: a span it cannot keep is counted, and the count explained. */
  private static void decodes(ExportTraceServiceRequest request) {
    DecodedSpans decoded = OtlpTraceDecoder.decode(request);
    long sent =
        request.getResourceSpansList().stream()
            .flatMap(r -> r.getScopeSpansList().stream())
            .mapToLong(ScopeSpans::getSpansCount)
            .sum();
    assertThat(decoded.spans().size() + (long) decoded.rejectedCount()).isEqualTo(sent);
    assertThat(decoded.errorMessage().isEmpty()).isEqualTo(decoded.rejectedCount() == 0);
  }
}
