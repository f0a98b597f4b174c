package io.tracemate.codec.fuzz;

import io.tracemate.codec.zipkin.ZipkinSpanDecoder;
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
 * Zipkin v2 spans, JSON and proto3 ({@link ZipkinSpanDecoder}): decoded, or refused with its documented
 * {@link IllegalArgumentException} and a message.
 */
class ZipkinFuzzTest {
  static final SeedCorpus JSON = SeedCorpus.load("zipkin-json");
  static final SeedCorpus PROTO3 = SeedCorpus.load("zipkin-proto3");

  @Provide
  Arbitrary<Mutant> json() {
    return Mutants.of(JSON, FuzzTokens.ZIPKIN_JSON);
  }

  @Provide
  Arbitrary<Mutant> proto3() {
    return Mutants.of(PROTO3);
  }

  @FuzzTarget
  void jsonIsDecodedOrRefusedWithAMessage(@ForAll("json") Mutant body) {
    Outcomes.acceptedOrRefused(
        () -> ZipkinSpanDecoder.decodeJson(body.bytes()), IllegalArgumentException.class);
  }

  @FuzzTarget
  void proto3IsDecodedOrRefusedWithAMessage(@ForAll("proto3") Mutant body) {
    Outcomes.acceptedOrRefused(
        () -> ZipkinSpanDecoder.decodeProto3(body.bytes()), IllegalArgumentException.class);
  }

  @Example
  void everySeedIsDecodedOrRefusedWithAMessage() {
    JSON.seeds()
        .forEach(
            seed ->
                Outcomes.acceptedOrRefused(
                    () -> ZipkinSpanDecoder.decodeJson(seed.bytes()),
                    IllegalArgumentException.class));
    PROTO3
        .seeds()
        .forEach(
            seed ->
                Outcomes.acceptedOrRefused(
                    () -> ZipkinSpanDecoder.decodeProto3(seed.bytes()),
                    IllegalArgumentException.class));
  }
}
