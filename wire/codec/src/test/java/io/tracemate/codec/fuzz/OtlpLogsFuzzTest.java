package io.tracemate.codec.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.tracemate.codec.logs.DecodedLogs;
import io.tracemate.codec.logs.OtlpLogDecoder;
import io.tracemate.testing.fuzz.FuzzTarget;
import io.tracemate.testing.fuzz.Mutant;
import io.tracemate.testing.fuzz.Mutants;
import io.tracemate.testing.fuzz.Outcomes;
import io.tracemate.testing.fuzz.SeedCorpus;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * OTLP logs as the receivers read them: protobuf and OTLP/JSON ({@link OtlpLogDecoder#parseJson}), then
 * {@link OtlpLogDecoder#decode}. Read or refused with a message; what was read decodes without an exception, every
 * record kept or counted as rejected.
 */
class OtlpLogsFuzzTest {
  static final SeedCorpus JSON = SeedCorpus.load("otlp-logs-json");
  static final SeedCorpus PROTOBUF = SeedCorpus.load("otlp-logs-protobuf");
  private static final long RECEIVED = 1_700_000_000_000_000_000L;

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
    Outcomes.acceptedOrRefused(() -> OtlpLogDecoder.parseJson(body), IllegalArgumentException.class)
        .ifPresent(OtlpLogsFuzzTest::decodes);
  }

  static void protobuf(byte[] body) {
    Outcomes.acceptedOrRefused(
            () -> ExportLogsServiceRequest.parseFrom(body), InvalidProtocolBufferException.class)
        .ifPresent(OtlpLogsFuzzTest::decodes);
  }

  private static void decodes(ExportLogsServiceRequest request) {
    DecodedLogs decoded = OtlpLogDecoder.decode(request, RECEIVED);
    long sent =
        request.getResourceLogsList().stream()
            .flatMap(r -> r.getScopeLogsList().stream())
            .mapToLong(ScopeLogs::getLogRecordsCount)
            .sum();
    assertThat(decoded.entryCount() + (long) decoded.rejectedCount()).isEqualTo(sent);
    assertThat(decoded.errorMessage().isEmpty()).isEqualTo(decoded.rejectedCount() == 0);
  }
}
