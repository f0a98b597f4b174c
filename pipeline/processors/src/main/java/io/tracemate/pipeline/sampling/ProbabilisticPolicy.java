package io.tracemate.pipeline.sampling;

import io.tracemate.model.TraceId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Samples a share of traces, deterministically by trace ID, so every replica and every replay decides the
 * same way.
 *
 * <p>Without a salt (the default) the rule is the OpenTelemetry SDK's {@code TraceIdRatioBased} sampler:
 * sampled when {@code |low 64 bits of the trace ID| < (long) (ratio * Long.MAX_VALUE)} (0 samples nothing,
 * 1 everything). A trace kept by an SDK's head sampler at ratio r is therefore also kept here at r, and the
 * tail policy never thins out what head sampling already chose. This deliberately differs from the
 * collector, whose unsalted default hashes with the salt "default-hash-seed".
 *
 * <p>With {@code hash_salt} the rule is the collector's: FNV-1a-64 over the salt's UTF-8 bytes followed by the
 * 16 trace ID bytes, sampled when the unsigned hash is {@code <= floor(2^64-1 * ratio)}; so a pipeline that
 * mixes collectors and Tracemate with the same salt makes the same decisions.
 */
final class ProbabilisticPolicy implements Policy {
  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final BigDecimal MAX_UINT64 = new BigDecimal("18446744073709551615");

  private final byte[] salt; // null: the SDK's rule
  private final long sdkUpperBound;
  private final long hashThreshold; // unsigned

  ProbabilisticPolicy(double percentage, String salt) {
    double ratio = Math.min(1, Math.max(0, percentage / 100));
    this.salt = salt == null || salt.isEmpty() ? null : salt.getBytes(StandardCharsets.UTF_8);
    this.sdkUpperBound =
        ratio == 0 ? Long.MIN_VALUE : ratio == 1 ? Long.MAX_VALUE : (long) (ratio * Long.MAX_VALUE);
    this.hashThreshold =
        MAX_UINT64
            .multiply(BigDecimal.valueOf(ratio))
            .setScale(0, RoundingMode.FLOOR)
            .toBigInteger()
            .longValue();
  }

  @Override
  public Decision evaluate(DecodedTrace trace) {
    return sampled(trace.traceId()) ? Decision.SAMPLED : Decision.NOT_SAMPLED;
  }

  boolean sampled(TraceId traceId) {
    if (salt == null) {
      return Math.abs(traceId.low()) < sdkUpperBound;
    }
    return Long.compareUnsigned(saltedHash(traceId), hashThreshold) <= 0;
  }

  private long saltedHash(TraceId traceId) {
    byte[] input = new byte[salt.length + 16];
    System.arraycopy(salt, 0, input, 0, salt.length);
    System.arraycopy(traceId.toBytes(), 0, input, salt.length, 16);
    return fnv1a64(input);
  }

  /** 64-bit FNV-1a, Go's {@code hash/fnv.New64a}. */
  static long fnv1a64(byte[] bytes) {
    long hash = FNV_OFFSET_BASIS;
    for (byte b : bytes) {
      hash = (hash ^ (b & 0xff)) * FNV_PRIME;
    }
    return hash;
  }
}
