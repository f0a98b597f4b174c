package io.tracemate.codec.fuzz;

import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.codec.logs.PayloadTooLargeException;
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
 * Loki pushes ({@link LokiPushDecoder}): JSON, and snappy-compressed protobuf, inflated within a limit (refused
 * with {@link PayloadTooLargeException} before inflating past it) and then decoded; each refused with its
 * documented exception and a message, or read.
 */
class LokiPushFuzzTest {
  static final SeedCorpus JSON = SeedCorpus.load("loki-push-json");
  static final SeedCorpus SNAPPY = SeedCorpus.load("loki-push-snappy");

  /** As small as a receiver's limit might be: a declared size past it must be refused before inflating. */
  private static final int MAX_INFLATED = 1 << 20;

  @Provide
  Arbitrary<Mutant> json() {
    return Mutants.of(JSON, FuzzTokens.LOKI_JSON);
  }

  @Provide
  Arbitrary<Mutant> snappy() {
    return Mutants.of(SNAPPY);
  }

  @FuzzTarget
  void jsonIsDecodedOrRefusedWithAMessage(@ForAll("json") Mutant body) {
    json(body.bytes());
  }

  @FuzzTarget(maxAllocatedBytesPerTry = 64L << 20)
  void snappyProtobufIsDecodedOrRefusedWithAMessage(@ForAll("snappy") Mutant body) {
    snappy(body.bytes());
  }

  @Example
  void everySeedIsDecodedOrRefusedWithAMessage() {
    JSON.seeds().forEach(seed -> json(seed.bytes()));
    SNAPPY.seeds().forEach(seed -> snappy(seed.bytes()));
  }

  static void json(byte[] body) {
    Outcomes.acceptedOrRefused(
        () -> LokiPushDecoder.decodeJson(body), IllegalArgumentException.class);
  }

  static void snappy(byte[] body) {
    Outcomes.acceptedOrRefused(
            () -> LokiPushDecoder.unsnappy(body, MAX_INFLATED),
            IllegalArgumentException.class,
            PayloadTooLargeException.class)
        .ifPresent(
            protobuf ->
                Outcomes.acceptedOrRefused(
                    () -> LokiPushDecoder.decodeProtobuf(protobuf),
                    IllegalArgumentException.class));
  }
}
